using System.Buffers;
using System.Buffers.Text;
using WheelStrat.Tws.Messages;
using WheelStrat.Tws.Messages.Replies;
using WheelStrat.Tws.Messages.Requests;
using WheelStrat.Tws.Wire;

namespace WheelStrat.Tws.Codec;

/// <summary>
/// Frame-level encode/decode in both directions. The client encodes requests and decodes replies;
/// the server (simulator) decodes requests and encodes replies. Any malformed input surfaces as
/// <see cref="TwsProtocolException"/> — never as another exception type.
/// </summary>
public static class TwsCodec
{
    /// <summary>Frames <paramref name="message"/> into <paramref name="w"/> (appends; call Reset to reuse).</summary>
    public static void Encode(FieldWriter w, ITwsMessage message)
    {
        w.BeginFrame();
        message.Write(w);
        w.EndFrame();
    }

    /// <summary>Client side: a server message from one frame payload.</summary>
    public static ITwsReply DecodeReply(ReadOnlySpan<byte> payload)
    {
        try
        {
            var r = new FieldReader(payload);
            var id = r.ReadInt();
            return id switch
            {
                ReplyIds.TickPrice => TickPrice.Read(ref r),
                ReplyIds.TickSize => TickSize.Read(ref r),
                ReplyIds.OrderStatus => OrderStatus.Read(ref r),
                ReplyIds.ErrMsg => ErrMsg.Read(ref r),
                ReplyIds.OpenOrder => OpenOrder.Read(ref r),
                ReplyIds.UpdateAccountValue => UpdateAccountValue.Read(ref r),
                ReplyIds.UpdatePortfolio => UpdatePortfolio.Read(ref r),
                ReplyIds.UpdateAccountTime => UpdateAccountTime.Read(ref r),
                ReplyIds.NextValidId => NextValidId.Read(ref r),
                ReplyIds.ContractData => ContractData.Read(ref r),
                ReplyIds.ExecDetails => ExecDetails.Read(ref r),
                ReplyIds.ManagedAccounts => ManagedAccounts.Read(ref r),
                ReplyIds.HistoricalData => HistoricalData.Read(ref r),
                ReplyIds.TickOptionComputation => TickOptionComputation.Read(ref r),
                ReplyIds.TickGeneric => TickGeneric.Read(ref r),
                ReplyIds.TickString => TickString.Read(ref r),
                ReplyIds.CurrentTime => CurrentTime.Read(ref r),
                ReplyIds.ContractDataEnd => ContractDataEnd.Read(ref r),
                ReplyIds.OpenOrderEnd => OpenOrderEnd.Read(ref r),
                ReplyIds.AccountDownloadEnd => AccountDownloadEnd.Read(ref r),
                ReplyIds.ExecDetailsEnd => ExecDetailsEnd.Read(ref r),
                ReplyIds.TickSnapshotEnd => TickSnapshotEnd.Read(ref r),
                ReplyIds.MarketDataType => MarketDataType.Read(ref r),
                ReplyIds.CommissionReport => CommissionReport.Read(ref r),
                ReplyIds.Position => Position.Read(ref r),
                ReplyIds.PositionEnd => PositionEnd.Read(ref r),
                ReplyIds.AccountSummary => AccountSummary.Read(ref r),
                ReplyIds.AccountSummaryEnd => AccountSummaryEnd.Read(ref r),
                ReplyIds.AccountUpdateMulti => AccountUpdateMulti.Read(ref r),
                ReplyIds.AccountUpdateMultiEnd => AccountUpdateMultiEnd.Read(ref r),
                ReplyIds.SecDefOptParameter => SecDefOptParameter.Read(ref r),
                ReplyIds.SecDefOptParameterEnd => SecDefOptParameterEnd.Read(ref r),
                ReplyIds.TickReqParams => TickReqParams.Read(ref r),
                ReplyIds.HistoricalDataUpdate => HistoricalDataUpdate.Read(ref r),
                ReplyIds.CompletedOrder => CompletedOrder.Read(ref r),
                ReplyIds.CompletedOrdersEnd => CompletedOrdersEnd.Read(ref r),
                _ => Unknown(id, ref r),
            };
        }
        catch (Exception ex) when (ex is not TwsProtocolException)
        {
            throw new TwsProtocolException($"malformed server message: {ex.GetType().Name}", ex);
        }
    }

    /// <summary>Server side: a client request from one frame payload.</summary>
    public static ITwsRequest DecodeRequest(ReadOnlySpan<byte> payload)
    {
        try
        {
            var r = new FieldReader(payload);
            var id = r.ReadInt();
            return id switch
            {
                RequestIds.ReqMktData => ReqMktData.Read(ref r),
                RequestIds.CancelMktData => CancelMktData.Read(ref r),
                RequestIds.PlaceOrder => PlaceOrder.Read(ref r),
                RequestIds.CancelOrder => CancelOrder.Read(ref r),
                RequestIds.ReqOpenOrders => ReqOpenOrders.Read(ref r),
                RequestIds.ReqAccountUpdates => ReqAccountUpdates.Read(ref r),
                RequestIds.ReqExecutions => ReqExecutions.Read(ref r),
                RequestIds.ReqIds => ReqIds.Read(ref r),
                RequestIds.ReqContractDetails => ReqContractDetails.Read(ref r),
                RequestIds.ReqAutoOpenOrders => ReqAutoOpenOrders.Read(ref r),
                RequestIds.ReqAllOpenOrders => ReqAllOpenOrders.Read(ref r),
                RequestIds.ReqManagedAccts => ReqManagedAccts.Read(ref r),
                RequestIds.ReqHistoricalData => ReqHistoricalData.Read(ref r),
                RequestIds.CancelHistoricalData => CancelHistoricalData.Read(ref r),
                RequestIds.ReqCurrentTime => ReqCurrentTime.Read(ref r),
                RequestIds.ReqMarketDataType => ReqMarketDataType.Read(ref r),
                RequestIds.ReqPositions => ReqPositions.Read(ref r),
                RequestIds.ReqAccountSummary => ReqAccountSummary.Read(ref r),
                RequestIds.CancelAccountSummary => CancelAccountSummary.Read(ref r),
                RequestIds.CancelPositions => CancelPositions.Read(ref r),
                RequestIds.StartApi => StartApi.Read(ref r),
                RequestIds.ReqAccountUpdatesMulti => ReqAccountUpdatesMulti.Read(ref r),
                RequestIds.CancelAccountUpdatesMulti => CancelAccountUpdatesMulti.Read(ref r),
                RequestIds.ReqSecDefOptParams => ReqSecDefOptParams.Read(ref r),
                RequestIds.ReqCompletedOrders => ReqCompletedOrders.Read(ref r),
                _ => Unknown(id, ref r),
            };
        }
        catch (Exception ex) when (ex is not TwsProtocolException)
        {
            throw new TwsProtocolException($"malformed client message: {ex.GetType().Name}", ex);
        }
    }

    /// <summary>Decodes a payload that may span several buffer segments (copying only in that case).</summary>
    public static ITwsReply DecodeReply(in ReadOnlySequence<byte> payload) =>
        payload.IsSingleSegment ? DecodeReply(payload.FirstSpan) : DecodeReply(payload.ToArray());

    /// <summary>
    /// The client's reader loop: as <see cref="DecodeReply(in ReadOnlySequence{byte})"/>, but a message that
    /// does not decode comes back as <see cref="UndecodableMessage"/> instead of an exception. Its frame was
    /// whole, so the next frame starts where it should: losing this message is all the damage there is.
    /// </summary>
    public static ITwsReply DecodeReplyOrReport(in ReadOnlySequence<byte> payload)
    {
        ReadOnlySpan<byte> bytes = payload.IsSingleSegment ? payload.FirstSpan : payload.ToArray();
        try
        {
            return DecodeReply(bytes);
        }
        catch (TwsProtocolException ex)
        {
            return new UndecodableMessage(MessageIdOf(bytes), ex.Message, bytes.Length);
        }
    }

    public static ITwsRequest DecodeRequest(in ReadOnlySequence<byte> payload) =>
        payload.IsSingleSegment ? DecodeRequest(payload.FirstSpan) : DecodeRequest(payload.ToArray());

    /// <summary>The message id of a payload that failed to decode, if its first field is one.</summary>
    private static int? MessageIdOf(ReadOnlySpan<byte> payload)
    {
        var end = payload.IndexOf((byte)0);
        return end > 0 && Utf8Parser.TryParse(payload[..end], out int id, out var used) && used == end ? id : null;
    }

    private static UnknownMessage Unknown(int id, ref FieldReader r)
    {
        var fields = 1;
        while (r.HasMore)
        {
            r.ReadRaw();
            fields++;
        }

        return new UnknownMessage(id, fields);
    }
}
