namespace GitDeploy.Server.Dashboard.Views;

/// <summary>
/// One chart's columns, one entry a minute (uPlot's data layout): the minute's start (Unix seconds),
/// requests a second in all and by status class, and the latency quantiles in ms (null: no request).
/// </summary>
public sealed record ChartData(
    long[] Time, double[] Rps, double[] Rps2xx, double[] Rps3xx, double[] Rps4xx, double[] Rps5xx,
    double?[] P50, double?[] P95, double?[] P99, long Requests);
