namespace WheelStrat.Actors.Gateway;

/// <summary>IB's error/notice codes that the connection actor acts on (see shared/tws-protocol.md §6).</summary>
public static class IbCodes
{
    public const int ConnectivityLost = 1100;
    public const int RestoredDataLost = 1101;
    public const int RestoredDataMaintained = 1102;
    public const int ApiPortChanged = 1300;
    public const int ClientIdInUse = 326;

    /// <summary>"Error validating request": with "Read-Only" in its text, the gateway's Read-Only API setting is on.</summary>
    public const int ReadOnly = 321;
    public const int CompetingSession = 10197;
    public const int NotConnected = 504;
    public const int CouldNotConnect = 502;

    /// <summary>Farm notices: (code, farm kind, state). They arrive as "errors" but report status.</summary>
    public static (string Kind, string State)? Farm(int code) => code switch
    {
        2103 => ("marketData", "broken"),
        2104 => ("marketData", "ok"),
        2108 => ("marketData", "inactive"),
        2105 => ("historical", "broken"),
        2106 => ("historical", "ok"),
        2107 => ("historical", "inactive"),
        2157 => ("secDef", "broken"),
        2158 => ("secDef", "ok"),
        _ => null,
    };

    /// <summary>Notices that report good news; they are not recorded as the last IB error.</summary>
    public static bool IsInformational(int code) => code is 2104 or 2106 or 2158 or 2107 or 2108 or 2119;

    /// <summary>
    /// IB's routine messages that arrive as errors but report that nothing failed: an order's cancel confirmed (202),
    /// a history query with no bars (162 "returned no data"; a 162 pacing violation is an error), connectivity
    /// restored (1101/1102), delayed data offered instead (10167, 10090), order warnings (399), and the 21xx warnings
    /// other than a broken farm (2103/2105/2157). /health shows them as lastIbNotice*, never as lastIbError*.
    /// </summary>
    public static bool IsNotice(int code, string message) =>
        IsInformational(code)
        || code is 202 or RestoredDataLost or RestoredDataMaintained or 399 or 10167 or 10090
        || (code == 162 && message.Contains("returned no data", StringComparison.OrdinalIgnoreCase))
        || (code is >= 2100 and < 2200 && Farm(code) is not (_, "broken"));

    /// <summary>The farm name IB puts after the colon: "Market data farm connection is OK:usfarm" → "usfarm".</summary>
    public static string FarmName(string message, string kind)
    {
        var colon = message.LastIndexOf(':');
        return colon >= 0 && colon < message.Length - 1 ? message[(colon + 1)..].Trim() : kind;
    }

    /// <summary>321 is any validation failure; only its text tells the read-only setting from, say, a bad account.</summary>
    public static bool IsReadOnlyRefusal(int code, string message) =>
        code == ReadOnly && message.Contains("Read-Only", StringComparison.OrdinalIgnoreCase);
}
