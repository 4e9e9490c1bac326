namespace GitDeploy.Build.SystemPackages;

/// <summary>
/// leanengine.yaml <c>systemDependencies</c>: Cloud Engine's names and the Debian packages that
/// provide them here. Whether a missing package may be installed is the server's decision
/// (<c>serve --allow-system-packages</c>), never the app's.
/// </summary>
public sealed record SystemPackagesOptions
{
    /// <summary>The names Cloud Engine supports, each with the Debian packages it stands for.</summary>
    public static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> CloudEngineNames = new Dictionary<
        string,
        IReadOnlyList<string>
    >
    {
        ["ffmpeg"] = ["ffmpeg"],
        ["imagemagick"] = ["imagemagick"],
        ["fonts-wqy"] = ["fonts-wqy-microhei", "fonts-wqy-zenhei"],
        ["fonts-noto"] = ["fonts-noto-cjk"],
        ["chrome-headless"] = ["chromium"],
        // What node-canvas compiles against (its README's Debian list), not node-canvas itself.
        ["node-canvas"] =
        [
            "build-essential",
            "libcairo2-dev",
            "libpango1.0-dev",
            "libjpeg-dev",
            "libgif-dev",
            "librsvg2-dev",
        ],
        // The TA-Lib C library the python TA-Lib wrapper needs (Debian 13 and later package it).
        ["python-talib"] = ["build-essential", "libta-lib-dev"],
    };

    /// <summary>Names Cloud Engine had once and dropped, with what to use instead.</summary>
    public static readonly IReadOnlyDictionary<string, string> Discontinued = new Dictionary<string, string>
    {
        ["phantomjs"] =
            "PhantomJS is discontinued (Cloud Engine dropped it too); "
            + "use chrome-headless with puppeteer or selenium instead",
    };

    public IReadOnlyDictionary<string, IReadOnlyList<string>> Names { get; init; } = CloudEngineNames;

    /// <summary>Install missing packages with apt-get (the server runs as root, or apt-get is allowed to it).</summary>
    public bool AllowInstall { get; init; }
    public string DpkgQuery { get; init; } = "dpkg-query";
    public string AptGet { get; init; } = "apt-get";
    public TimeSpan QueryTimeout { get; init; } = TimeSpan.FromSeconds(30);
}
