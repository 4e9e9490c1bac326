namespace GitDeploy.Runtime.Supervisor;

public enum SlotState
{
    Starting,
    Healthy,
    Unhealthy,
    Crashed,
    BackingOff,
    Stopped,
}
