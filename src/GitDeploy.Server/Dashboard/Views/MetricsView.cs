namespace GitDeploy.Server.Dashboard.Views;

public sealed record MetricsView(string App, string Range, bool Recording, IReadOnlyList<EnvMetrics> Envs)
{
    public static readonly IReadOnlyList<string> Ranges = ["1h", "6h", "24h"];

    public static TimeSpan Span(string range) => range switch
    {
        "6h" => TimeSpan.FromHours(6), "24h" => TimeSpan.FromHours(24), _ => TimeSpan.FromHours(1),
    };
}
