namespace WheelStrat.Api.Auth;

/// <summary>API keys accepted in X-API-KEY. Several at once, so a key can be rotated without downtime.</summary>
public sealed class ApiKeyOptions
{
    public const string Section = "Api";

    /// <summary>Also read from WHEELSTRAT_API_KEY (comma-separated) by the host.</summary>
    public string[] Keys { get; set; } = [];

    /// <summary>Set by --simulator only: a paper gateway needs no long secret.</summary>
    public bool AllowShortKeys { get; set; }
}
