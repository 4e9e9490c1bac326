namespace GitDeploy.Swarm;

public enum SwarmInstanceState { Starting, Healthy, Unhealthy, Unreachable, Draining }
