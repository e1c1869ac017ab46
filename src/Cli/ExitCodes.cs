namespace WheelStrat.Cli;

/// <summary>Exit codes scripts can rely on.</summary>
public static class ExitCodes
{
    /// <summary>Healthy / the command succeeded.</summary>
    public const int Ok = 0;

    /// <summary>The bridge answers but reports a degraded state (or a check warned).</summary>
    public const int Degraded = 1;

    /// <summary>The bridge answers but is not connected to IB (disconnected, connecting, awaitingLogin) or a check failed.</summary>
    public const int Unhealthy = 2;

    /// <summary>No answer from the bridge (connection refused, DNS, timeout).</summary>
    public const int Unreachable = 3;

    /// <summary>401: missing or wrong API key.</summary>
    public const int Unauthorized = 4;

    /// <summary>Any other error answer (4xx/5xx) from the bridge.</summary>
    public const int Failed = 5;

    /// <summary>Wrong command line.</summary>
    public const int Usage = 64;
}
