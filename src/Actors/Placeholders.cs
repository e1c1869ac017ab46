namespace WheelStrat.Actors;

/// <summary>
/// The placeholder secrets this repository ships in its examples (.env.example, README, runbook). A deployment
/// that copied one unchanged has no secret at all, so the bridge refuses to start with it.
/// </summary>
public static class Placeholders
{
    public static readonly IReadOnlyList<string> Values =
    [
        "change-me",
        "change-me-generate-with-openssl-rand-hex-32",
        "<key>",
        "...",
    ];

    /// <summary>Equal to a placeholder, or one of its "change-me…" variants.</summary>
    public static bool IsPlaceholder(string value) =>
        Values.Contains(value.Trim(), StringComparer.OrdinalIgnoreCase)
        || value.Trim().StartsWith("change-me", StringComparison.OrdinalIgnoreCase)
        || value.Trim().StartsWith("changeme", StringComparison.OrdinalIgnoreCase);
}
