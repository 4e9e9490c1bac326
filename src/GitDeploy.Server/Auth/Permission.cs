namespace GitDeploy.Server.Auth;

/// <summary>What a request may do.</summary>
public enum Permission { Read, Logs, Deploy, Release, Config, Admin, Metrics }
