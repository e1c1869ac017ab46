using System.Buffers;
using BenchmarkDotNet.Attributes;
using WheelStrat.Tws.Codec;
using WheelStrat.Tws.Messages;
using WheelStrat.Tws.Messages.Replies;
using WheelStrat.Tws.Wire;

namespace WheelStrat.Benchmarks.Codec;

/// <summary>
/// Decoding throughput of a gateway stream as the bridge sees it while quoting options: mostly ticks,
/// with fills and open orders mixed in. Each operation is one frame: framing + decode to a record, through
/// the client reader loop's decoder, which reports a message that does not decode instead of throwing.
/// </summary>
[MemoryDiagnoser]
public class DecodeMixedStreamBenchmark
{
    private const int FramesPerInvoke = 1000;
    private ReadOnlySequence<byte> _stream;
    private ReadOnlySequence<byte> _ticksOnly;
    private ReadOnlySequence<byte> _withBadFields;

    /// <summary>Per 100 frames: 45 tickPrice, 30 tickSize, 20 tickOptionComputation, 3 execDetails, 2 openOrder.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var mixed = new List<ITwsReply>();
        var ticks = new List<ITwsReply>();
        for (var block = 0; block < FramesPerInvoke / 100; block++)
        {
            for (var i = 0; i < 45; i++)
            {
                mixed.Add(new TickPrice(1000 + i, i % 2 == 0 ? 1 : 2, 189.5 + (i * 0.01), 300 + i, 0));
            }

            for (var i = 0; i < 30; i++)
            {
                mixed.Add(new TickSize(1000 + i, i % 3 == 0 ? 8 : 0, 1200 + i));
            }

            for (var i = 0; i < 20; i++)
            {
                mixed.Add(new TickOptionComputation(2000 + i, 13, 1, 0.3123, -0.4211, 3.45, 0, 0.0213, 0.1123, -0.0456, 189.5));
            }

            for (var i = 0; i < 3; i++)
            {
                mixed.Add(SampleExecution(i));
            }

            for (var i = 0; i < 2; i++)
            {
                mixed.Add(SampleOpenOrder(i));
            }
        }

        ticks.AddRange(mixed.Where(m => m is TickPrice or TickSize or TickOptionComputation));
        _stream = Encode(mixed);
        _ticksOnly = Encode(ticks);

        // One tickPrice in a hundred with a price that is not a number: what a repeating bad field costs.
        var w = new FieldWriter(1 << 20);
        foreach (var (m, i) in mixed.Select((m, i) => (m, i)))
        {
            if (i % 100 == 0)
            {
                w.BeginFrame();
                w.Write(ReplyIds.TickPrice);
                w.Write(6);
                w.Write(1000);
                w.Write(1);
                w.Write("NaNx");
                w.Write(300);
                w.Write(0);
                w.EndFrame();
            }
            else
            {
                TwsCodec.Encode(w, m);
            }
        }

        _withBadFields = new ReadOnlySequence<byte>(w.Written.ToArray());
    }

    [Benchmark(OperationsPerInvoke = FramesPerInvoke, Description = "mixed stream, per frame")]
    public int DecodeMixed() => DecodeAll(_stream);

    [Benchmark(OperationsPerInvoke = FramesPerInvoke * 95 / 100, Description = "ticks only, per frame")]
    public int DecodeTicks() => DecodeAll(_ticksOnly);

    [Benchmark(OperationsPerInvoke = FramesPerInvoke, Description = "mixed stream, 1 in 100 undecodable, per frame")]
    public int DecodeWithBadFields() => DecodeAll(_withBadFields);

    private static int DecodeAll(ReadOnlySequence<byte> stream)
    {
        var decoded = 0;
        var buffer = stream;
        while (Framing.TryReadFrame(ref buffer, out var payload))
        {
            if (TwsCodec.DecodeReplyOrReport(payload) is not (UnknownMessage or UndecodableMessage))
            {
                decoded++;
            }
        }

        return decoded;
    }

    private static ReadOnlySequence<byte> Encode(IEnumerable<ITwsReply> messages)
    {
        var w = new FieldWriter(1 << 20);
        foreach (var m in messages)
        {
            TwsCodec.Encode(w, m);
        }

        return new ReadOnlySequence<byte>(w.Written.ToArray());
    }

    private static ExecDetails SampleExecution(int i) => new(-1,
        Contract.Option("AMZN", "20260213", 200, "P") with { ConId = 700000 + i, LocalSymbol = "AMZN  260213P00200000", TradingClass = "AMZN" },
        new Execution
        {
            OrderId = 17 + i, ExecId = $"0000e0d5.6540a1b2.01.0{i}", Time = "20261128 10:15:02 US/Eastern", AcctNumber = "DU1234567",
            Exchange = "CBOE", Side = "SLD", Shares = 1, Price = 3.45, PermId = 987654321, ClientId = 1, CumQty = 1, AvgPrice = 3.45,
            OrderRef = "4f9c2a4e-1b7d-4a55-9d7e-3c1f0b8e2a11", LastLiquidity = 2,
        });

    private static OpenOrder SampleOpenOrder(int i) => new(17 + i,
        Contract.Stock("AAPL") with { ConId = 265598 },
        Order.Limit("BUY", 100, 150.25) with { OrderRef = "4f9c2a4e-1b7d-4a55-9d7e-3c1f0b8e2a11", ClientId = 1, PermId = 555 + i, Account = "DU1234567" },
        new OrderState { Status = "Submitted" });
}
