namespace GitDeploy.Server.Dashboard.Sessions;

/// <summary>Why a form was not taken, with its HTTP status.</summary>
public sealed record FormRefusal(int Status, string Message);
