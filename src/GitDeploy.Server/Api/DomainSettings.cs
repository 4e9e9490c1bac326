using System.Text.RegularExpressions;
using GitDeploy.Runtime.Router;
using GitDeploy.Server.Acme;
using GitDeploy.Server.Hosting;
using Microsoft.Extensions.Options;

namespace GitDeploy.Server.Api;

/// <summary>What PATCH changes; a field left out stays as it is.</summary>
public sealed record DomainSettings(bool? ForceHttps = null, string? Https = null);
