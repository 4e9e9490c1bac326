namespace GitDeploy.Runtime.Logs;

public enum LogStream
{
    Out,
    Err,
    Platform,
}
