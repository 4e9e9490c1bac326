using System.Net.Sockets;
using GitDeploy.Runtime.Router;
using GitDeploy.Runtime.Supervisor;

namespace GitDeploy.Swarm;

public enum SwarmInstanceState { Starting, Healthy, Unhealthy, Unreachable, Draining }
