using System.Buffers.Binary;
using System.Text;
using WheelStrat.Tws.Codec;
using WheelStrat.Tws.Messages;
using WheelStrat.Tws.Wire;

namespace WheelStrat.Tws.Tests.Support;

public static class Frames
{
    /// <summary>A frame built by hand: big-endian length, then each field followed by NUL.</summary>
    public static byte[] Of(params string[] fields)
    {
        var payload = Encoding.ASCII.GetBytes(string.Concat(fields.Select(f => f + "\0")));
        var frame = new byte[4 + payload.Length];
        BinaryPrimitives.WriteInt32BigEndian(frame, payload.Length);
        payload.CopyTo(frame, 4);
        return frame;
    }

    public static byte[] Encode(ITwsMessage message)
    {
        var w = new FieldWriter();
        TwsCodec.Encode(w, message);
        return w.Written.ToArray();
    }

    public static byte[] Payload(ITwsMessage message) => Encode(message)[4..];

    /// <summary>The fields of a frame, for readable assertion messages.</summary>
    public static string[] FieldsOf(byte[] frame) =>
        Encoding.ASCII.GetString(frame, 4, frame.Length - 5).Split('\0'); // drop only the last field's NUL
}
