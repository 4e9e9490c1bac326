using System.Net;
using Microsoft.Extensions.Options;

namespace GitDeploy.Runtime.Router;

public enum TargetKind { App, Platform, UnknownHost }
