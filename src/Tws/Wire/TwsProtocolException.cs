namespace WheelStrat.Tws.Wire;

/// <summary>
/// The one error type for anything the peer sent that does not follow the protocol:
/// oversized or truncated frames, missing or non-numeric fields, unknown handshake replies.
/// Callers treat it as "drop this connection and rebuild it", never as a process failure.
/// </summary>
public sealed class TwsProtocolException : Exception
{
    public TwsProtocolException(string message) : base(message) { }

    public TwsProtocolException(string message, Exception inner) : base(message, inner) { }
}
