using GitDeploy.Runtime.Router;

namespace GitDeploy.Runtime.Supervisor;

/// <summary>The instances of one environment of one app, all running the same release.</summary>
internal sealed class EnvironmentGroup(string app, string env, RouteTable routes)
{
    private readonly object _gate = new();
    public string App => app;
    public string Env => env;
    public SemaphoreSlim Changes { get; } = new(1, 1);
    public InstanceSpec Spec { get; set; } = null!;
    public List<InstanceSlot> Slots { get; set; } = [];

    /// <summary>Routes go to the slots that are healthy now; the set is replaced whole.</summary>
    public void PublishRoutes()
    {
        lock (_gate)
        {
            var destinations = Slots
                .Where(s => s.State == SlotState.Healthy && s.Current is not null)
                .Select(s => new RouteDestination(s.Current!.Id, s.Current.Upstream, s.Name, s.Current.Spec.Tag))
                .ToList();
            routes.Set(app, env, destinations);
        }
    }
}
