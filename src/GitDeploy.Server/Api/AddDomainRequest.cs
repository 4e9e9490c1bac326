using System.Text.RegularExpressions;
using GitDeploy.Runtime.Router;
using GitDeploy.Server.Acme;
using GitDeploy.Server.Hosting;
using Microsoft.Extensions.Options;

namespace GitDeploy.Server.Api;

public sealed record AddDomainRequest(string? Domain, string? Env, bool ForceHttps = false, string? Https = null);
