namespace WheelStrat.Tws.Wire;

/// <summary>The one API server version this codec implements (see shared/tws-protocol.md).</summary>
public static class ProtocolVersion
{
    /// <summary>MIN_SERVER_VER_PENDING_PRICE_REVISION: the highest version ib_insync also accepts.</summary>
    public const int Pinned = 178;

    /// <summary>The lowest version our client advertises; IB's current clients send the same floor.</summary>
    public const int MinClient = 100;

    /// <summary>IB's EReader refuses frames longer than 0xFFFFFF bytes; so do we.</summary>
    public const int MaxFrameLength = 0xFFFFFF;
}
