using FsCheck;
using FsCheck.Fluent;
using WheelStrat.Tws.Codec;
using WheelStrat.Tws.Messages;
using WheelStrat.Tws.Tests.Support;
using WheelStrat.Tws.Wire;

namespace WheelStrat.Tws.Tests.Codec;

/// <summary>
/// encode → decode gives back an equal message, for every message type in both directions:
/// client encode → server decode (requests) and server encode → client decode (replies).
/// </summary>
public sealed class RoundTripSpecs
{
    private const int CasesPerType = 300;

    public static TheoryData<string> Requests() => Names(RandomMessages.RequestTypes);

    public static TheoryData<string> Replies() => Names(RandomMessages.ReplyTypes);

    [Theory]
    [MemberData(nameof(Requests))]
    public void Request_survives_client_encode_then_server_decode(string typeName) =>
        CheckRoundTrip(typeName, RandomMessages.RequestTypes, payload => TwsCodec.DecodeRequest(payload));

    [Theory]
    [MemberData(nameof(Replies))]
    public void Reply_survives_server_encode_then_client_decode(string typeName) =>
        CheckRoundTrip(typeName, RandomMessages.ReplyTypes, payload => TwsCodec.DecodeReply(payload));

    [Fact]
    public void Every_message_id_is_covered()
    {
        // A message record added without a decoder branch would come back as UnknownMessage.
        Assert.Equal(25, RandomMessages.RequestTypes.Count());
        Assert.Equal(36, RandomMessages.ReplyTypes.Count());
    }

    private static void CheckRoundTrip(string typeName, IEnumerable<Type> types, Func<byte[], ITwsMessage> decode)
    {
        var type = types.Single(t => t.Name == typeName);
        var seeds = Gen.Choose(0, int.MaxValue - 1).ToArbitrary();
        Prop.ForAll(seeds, seed =>
            {
                var original = RandomMessages.Create(type, seed);
                var decoded = decode(PayloadOf(original));
                return decoded.Equals(original)
                    .Label($"seed {seed}\n  sent: {original}\n  got:  {decoded}");
            })
            .Check(Config.QuickThrowOnFailure.WithMaxTest(CasesPerType));
    }

    internal static byte[] PayloadOf(ITwsMessage message)
    {
        var w = new FieldWriter();
        TwsCodec.Encode(w, message);
        return w.Written.Span[4..].ToArray();
    }

    private static TheoryData<string> Names(IEnumerable<Type> types)
    {
        var data = new TheoryData<string>();
        foreach (var t in types)
        {
            data.Add(t.Name);
        }

        return data;
    }
}
