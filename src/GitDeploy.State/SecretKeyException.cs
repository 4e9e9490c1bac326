namespace GitDeploy.State;

/// <summary>The server cannot start: its secret key is malformed or not the one the database was sealed with.</summary>
public class SecretKeyException(string message) : Exception(message);
