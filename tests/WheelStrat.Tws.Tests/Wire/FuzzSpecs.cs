using System.Buffers;
using FsCheck;
using FsCheck.Fluent;
using WheelStrat.Tws.Codec;
using WheelStrat.Tws.Messages;
using WheelStrat.Tws.Messages.Replies;
using WheelStrat.Tws.Tests.Support;
using WheelStrat.Tws.Wire;

namespace WheelStrat.Tws.Tests.Wire;

/// <summary>
/// Whatever bytes arrive, decoding ends in a message or in <see cref="TwsProtocolException"/> —
/// never another exception, never a hang, never an allocation driven by a corrupt count.
/// </summary>
public sealed class FuzzSpecs
{
    [Fact]
    public void Random_payloads_decode_or_raise_the_protocol_error()
    {
        var payloads = Gen.Choose(0, int.MaxValue - 1).Select(RandomPayload).ToArbitrary();
        Prop.ForAll(payloads, payload =>
            {
                Assert.True(DecodesOrRefuses(() => TwsCodec.DecodeReply(payload)));
                Assert.True(DecodesOrRefuses(() => TwsCodec.DecodeRequest(payload)));
            })
            .Check(Config.QuickThrowOnFailure.WithMaxTest(5000));
    }

    [Fact]
    public void Every_truncation_of_every_message_is_refused()
    {
        foreach (var type in RandomMessages.ReplyTypes.Concat(RandomMessages.RequestTypes))
        {
            var message = RandomMessages.Create(type, seed: 7);
            var payload = Frames.Payload(message);
            var isReply = message is ITwsReply;
            for (var cut = 0; cut < payload.Length; cut++)
            {
                var part = payload[..cut];
                var ex = Record.Exception(() => Decode(part, isReply));
                // Cutting right after a field of a message whose tail is optional may still decode;
                // anything else must be the one protocol error.
                Assert.True(ex is null or TwsProtocolException, $"{type.Name} cut at {cut}: {ex}");
            }

            Assert.Throws<TwsProtocolException>(() => Decode(payload[..(payload.Length / 2)].Where(b => b != 0).ToArray(), isReply));
        }
    }

    [Theory]
    [InlineData("1", "6", "x", "1", "1.5", "100", "0")]          // tickPrice: reqId not a number
    [InlineData("1", "6", "5", "1", "1.5.5", "100", "0")]        // tickPrice: price not a number
    [InlineData("2", "6", "5", "0", "ten")]                      // tickSize: size not a number
    [InlineData("9", "1", "9999999999999")]                      // nextValidId: overflows an int
    [InlineData("17", "1", "", "", "99999999")]                  // historicalData: bar count larger than the frame
    [InlineData("75", "1", "SMART", "1", "AAPL", "100", "-3")]    // secDefOptParameter: negative count
    [InlineData("abc", "1")]                                     // message id not a number
    public void Non_numeric_or_absurd_numeric_fields_raise_the_protocol_error(params string[] fields)
    {
        var payload = Frames.Of(fields)[4..];
        Assert.Throws<TwsProtocolException>(() => TwsCodec.DecodeReply(payload));
    }

    [Fact]
    public void The_clients_decoder_reports_what_does_not_decode_and_never_throws()
    {
        var payloads = Gen.Choose(0, int.MaxValue - 1).Select(RandomPayload).ToArbitrary();
        Prop.ForAll(payloads, payload =>
            {
                var reply = TwsCodec.DecodeReplyOrReport(new ReadOnlySequence<byte>(payload));
                if (reply is UndecodableMessage bad)
                {
                    Assert.Equal(payload.Length, bad.Length);
                    Assert.Throws<TwsProtocolException>(() => TwsCodec.DecodeReply(payload));
                }
            })
            .Check(Config.QuickThrowOnFailure.WithMaxTest(5000));
    }

    [Theory]
    [InlineData(1, "1", "6", "5", "1", "NaNx", "100", "0")]     // tickPrice: price not a number
    [InlineData(1, "1", "6", "5")]                              // tickPrice: fields missing
    [InlineData(17, "17", "1", "", "", "99999999")]             // historicalData: a count the frame cannot hold
    [InlineData(null, "abc", "1")]                              // message id not a number
    [InlineData(null)]                                          // an empty frame
    public void A_message_that_does_not_decode_is_reported_with_its_message_id(int? messageId, params string[] fields)
    {
        var payload = Frames.Of(fields)[4..];
        var bad = Assert.IsType<UndecodableMessage>(TwsCodec.DecodeReplyOrReport(new ReadOnlySequence<byte>(payload)));
        Assert.Equal(messageId, bad.MessageId);
        Assert.Equal(payload.Length, bad.Length);
        Assert.False(string.IsNullOrWhiteSpace(bad.Reason));
    }

    [Theory]
    [InlineData("63", "1", "DU9876543", "DU1234567", "NetLiquidation", "100", "USD")]   // accountSummary: the account where the reqId goes
    [InlineData("61", "3", "DU1234567", "DU9876543", "AAPL", "STK")]                    // position: the account where the conId goes
    [InlineData("6", "2", "NetLiquidation")]                                            // updateAccountValue: cut short
    public void The_report_names_the_field_never_its_text(params string[] fields)
    {
        var bad = Assert.IsType<UndecodableMessage>(TwsCodec.DecodeReplyOrReport(new ReadOnlySequence<byte>(Frames.Of(fields)[4..])));
        foreach (var text in fields.Where(f => f.Length > 2))
        {
            Assert.DoesNotContain(text, bad.Reason, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_payload_split_across_segments_is_reported_like_a_whole_one()
    {
        var payload = Frames.Of("1", "6", "5", "1", "NaNx", "100", "0")[4..];
        var first = new Segment(payload.AsMemory(0, 7));
        var last = first.Append(payload.AsMemory(7));
        var split = new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
        Assert.False(split.IsSingleSegment);
        Assert.Equal(TwsCodec.DecodeReplyOrReport(new ReadOnlySequence<byte>(payload)), TwsCodec.DecodeReplyOrReport(split));
    }

    [Theory]
    [InlineData(0x01000000)]   // 16 MiB: one past IB's limit
    [InlineData(int.MaxValue)]
    [InlineData(-1)]
    public void Huge_or_negative_length_prefixes_are_refused_before_any_buffering(int length)
    {
        var bytes = new byte[8];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(bytes, length);
        var buffer = new ReadOnlySequence<byte>(bytes);

        Assert.Throws<TwsProtocolException>(() => Framing.TryReadFrame(ref buffer, out _));
    }

    [Fact]
    public void The_largest_legal_length_just_waits_for_more_bytes()
    {
        var bytes = new byte[8];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(bytes, ProtocolVersion.MaxFrameLength);
        var buffer = new ReadOnlySequence<byte>(bytes);

        Assert.False(Framing.TryReadFrame(ref buffer, out _));
        Assert.Equal(8, buffer.Length);
    }

    [Fact]
    public void A_corrupt_count_does_not_allocate_in_proportion_to_it()
    {
        // historicalData claiming 16 million bars in a 30-byte frame.
        var payload = Frames.Of("17", "1", "a", "b", "16000000", "x")[4..];
        var before = GC.GetAllocatedBytesForCurrentThread();
        Assert.Throws<TwsProtocolException>(() => TwsCodec.DecodeReply(payload));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 64 * 1024);
    }

    private static object Decode(byte[] payload, bool isReply) =>
        isReply ? TwsCodec.DecodeReply(payload) : TwsCodec.DecodeRequest(payload);

    private static bool DecodesOrRefuses(Func<object> decode)
    {
        try
        {
            decode();
            return true;
        }
        catch (TwsProtocolException)
        {
            return true;
        }
    }

    private static byte[] RandomPayload(int seed)
    {
        var rnd = new Random(seed);
        var kind = rnd.Next(3);
        if (kind == 0)
        {
            var bytes = new byte[rnd.Next(0, 200)];
            rnd.NextBytes(bytes);
            return bytes;
        }

        // Plausible-looking frames: a known message id followed by random numeric-ish or text fields.
        var ids = new[] { 1, 2, 3, 4, 5, 9, 10, 11, 17, 21, 45, 59, 61, 63, 75, 71, 20 };
        var fields = new List<string> { ids[rnd.Next(ids.Length)].ToString(System.Globalization.CultureInfo.InvariantCulture) };
        var n = rnd.Next(0, 150);
        for (var i = 0; i < n; i++)
        {
            fields.Add(rnd.Next(6) switch
            {
                0 => "",
                1 => rnd.Next(-3, 10).ToString(System.Globalization.CultureInfo.InvariantCulture),
                2 => (rnd.NextDouble() * 1e6).ToString(System.Globalization.CultureInfo.InvariantCulture),
                3 => "9999999999999999999999",
                4 => "PEG BEST",
                _ => "x" + rnd.Next(),
            });
        }

        var frame = Frames.Of([.. fields])[4..];
        return kind == 2 ? frame[..rnd.Next(0, frame.Length + 1)] : frame;
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory) => Memory = memory;

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory) { RunningIndex = RunningIndex + Memory.Length };
            Next = next;
            return next;
        }
    }
}
