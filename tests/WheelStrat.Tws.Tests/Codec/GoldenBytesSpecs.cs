using System.Text;
using WheelStrat.Tws.Codec;
using WheelStrat.Tws.Messages;
using WheelStrat.Tws.Messages.Replies;
using WheelStrat.Tws.Messages.Requests;
using WheelStrat.Tws.Tests.Support;
using WheelStrat.Tws.Wire;

namespace WheelStrat.Tws.Tests.Codec;

/// <summary>
/// Exact bytes for the handshake and the messages whose field order matters most. Expected frames
/// are written out field by field from IB's public field lists (official Java client 10.32:
/// EClient.placeOrder/reqMktData/reqHistoricalData, EDecoder.processExecutionDataMsg,
/// EOrderDecoder for openOrder and completedOrder; cross-checked with ib_insync's client.py/decoder.py), at server
/// version 178. Where IB's Java client prints an unset value as a literal MAX (e.g. volatilityType
/// 2147483647) we send an empty field, which every IB decoder reads as unset.
/// </summary>
public sealed class GoldenBytesSpecs
{
    [Fact]
    public void Client_hello_is_API_NUL_then_a_framed_unterminated_version_range()
    {
        var w = new FieldWriter();
        Handshake.WriteClientHello(w, 100, 178);

        // "API\0", length 9, "v100..178" with no NUL (EClientSocket.eConnect / ib_insync connectAsync).
        byte[] expected = [.. "API\0"u8, 0, 0, 0, 9, .. "v100..178"u8];
        Assert.Equal(expected, w.Written.ToArray());
    }

    [Fact]
    public void Server_hello_is_one_frame_of_version_and_connection_time()
    {
        var w = new FieldWriter();
        Handshake.WriteServerHello(w, 178, "20261128 09:30:00 EST");

        Assert.Equal(Frames.Of("178", "20261128 09:30:00 EST"), w.Written.ToArray());
        Assert.Equal(new ServerHello(178, "20261128 09:30:00 EST"), Handshake.ParseServerHello(w.Written.Span[4..]));
    }

    [Fact]
    public void Client_hello_with_connect_options_is_parsed_by_the_server()
    {
        var payload = Encoding.ASCII.GetBytes("v157..178 +PACEAPI");
        var hello = Handshake.ParseClientHello(new System.Buffers.ReadOnlySequence<byte>(payload));

        Assert.Equal(new ClientHello(157, 178, "+PACEAPI"), hello);
        Assert.True(hello.Accepts(178));
    }

    [Fact]
    public void StartApi_carries_version_2_client_id_and_capabilities() =>
        AssertFrame(new StartApi(7), "71", "2", "7", "");

    [Fact]
    public void ReqMktData_for_a_stock_with_generic_ticks()
    {
        var request = new ReqMktData(1001, Contract.Stock("AAPL"), "100,101,104,106");
        AssertFrame(request,
            "1", "11", "1001",                                  // id, version 11, reqId
            "0", "AAPL", "STK", "", "0", "", "",                // conId, symbol, secType, expiry, strike, right, multiplier
            "SMART", "", "USD", "", "",                         // exchange, primaryExch, currency, localSymbol, tradingClass
            "0",                                                // deltaNeutralContract flag (no BAG legs for STK)
            "100,101,104,106", "0", "0", "");                   // genericTicks, snapshot, regulatorySnapshot, mktDataOptions
    }

    [Fact]
    public void ReqHistoricalData_for_an_option()
    {
        var put = Contract.Option("AMZN", "20260213", 200, "P");
        var request = new ReqHistoricalData(42, put, "", "5 D", "1 hour", "MIDPOINT", UseRth: true);
        AssertFrame(request,
            "20", "42",                                         // id (no version since 124), reqId
            "0", "AMZN", "OPT", "20260213", "200", "P", "100",  // C12 ...
            "SMART", "", "USD", "", "",
            "0",                                                // includeExpired
            "", "1 hour", "5 D", "1", "MIDPOINT", "1",          // endDateTime, barSize, duration, useRTH, whatToShow, formatDate
            "0", "");                                           // keepUpToDate, chartOptions
    }

    [Fact]
    public void PlaceOrder_limit_buy_of_a_stock_has_all_114_fields_in_IB_order()
    {
        var request = new PlaceOrder(17, Contract.Stock("AAPL"), Order.Limit("BUY", 100, 150.25) with { OrderRef = "key-1" });
        string[] expected =
        [
            "3", "17",                                                          // [0] id (no version since 145), [1] orderId
            "0", "AAPL", "STK", "", "0", "", "", "SMART", "", "USD", "", "",    // [2-13] C12
            "", "",                                                             // [14-15] secIdType, secId
            "BUY", "100", "LMT", "150.25", "",                                  // [16-20] action, qty, type, lmtPrice, auxPrice
            "DAY", "", "", "", "0", "key-1", "1", "0",                          // [21-28] tif, ocaGroup, account, openClose, origin, orderRef, transmit, parentId
            "0", "0", "0", "0", "0", "0",                                       // [29-34] blockOrder, sweepToFill, displaySize, triggerMethod, outsideRth, hidden
            "", "",                                                             // [35-36] sharesAllocation, discretionaryAmt
            "", "", "", "", "",                                                 // [37-41] goodAfterTime, goodTillDate, faGroup, faMethod, faPercentage
            "",                                                                 // [42] modelCode (no faProfile since 177)
            "0", "", "-1",                                                      // [43-45] shortSaleSlot, designatedLocation, exemptCode
            "0", "", "", "0", "", "",                                           // [46-51] ocaType, rule80A, settlingFirm, allOrNone, minQty, percentOffset
            "0", "0", "",                                                       // [52-54] eTradeOnly, firmQuoteOnly, nbboPriceCap
            "0", "", "", "", "", "",                                            // [55-60] auctionStrategy, startingPrice, stockRefPrice, delta, stockRange lower/upper
            "0", "", "", "", "",                                                // [61-65] overridePercentageConstraints, volatility, volatilityType, dnOrderType, dnAuxPrice
            "0", "", "", "",                                                    // [66-69] continuousUpdate, referencePriceType, trailStopPrice, trailingPercent
            "", "", "",                                                         // [70-72] scaleInitLevelSize, scaleSubsLevelSize, scalePriceIncrement
            "", "", "",                                                         // [73-75] scaleTable, activeStartTime, activeStopTime
            "", "0", "", "", "0",                                               // [76-80] hedgeType, optOutSmartRouting, clearingAccount, clearingIntent, notHeld
            "0", "", "", "0", "", "0", "0", "0",                                // [81-88] dnContract flag, algoStrategy, algoId, whatIf, miscOptions, solicited, randomizeSize/Price
            "0",                                                                // [89] conditions count
            "", "", "", "", "", "", "0",                                        // [90-96] adjustedOrderType, triggerPrice, lmtPriceOffset, adj. stop/stopLimit/trailing, trailingUnit
            "", "", "", "",                                                     // [97-100] extOperator, softDollarTier name/value, cashQty
            "", "", "", "",                                                     // [101-104] mifid2 decisionMaker/Algo, executionTrader/Algo
            "0", "0", "0", "",                                                  // [105-108] dontUseAutoPriceForHedge, isOmsContainer, discretionaryUpToLimitPrice, usePriceMgmtAlgo
            "", "", "0", "", "",                                                // [109-113] duration, postToAts, autoCancelParent, advancedErrorOverride, manualOrderTime
        ];
        Assert.Equal(114, expected.Length);
        AssertFrame(request, expected);
    }

    [Fact]
    public void PlaceOrder_peg_best_on_ibkrats_appends_the_peg_fields()
    {
        var order = new Order
        {
            Action = "BUY", TotalQuantity = 5, OrderType = "PEG BEST", MinTradeQty = 5, MinCompeteSize = 3,
            CompeteAgainstBestOffset = double.PositiveInfinity, MidOffsetAtWhole = 0.01, MidOffsetAtHalf = 0.005,
        };
        var fields = Frames.FieldsOf(Frames.Encode(new PlaceOrder(1, Contract.Stock("AAPL", "IBKRATS"), order)));

        // Java 10.32 at 178 ends "..., [113], 5, 3, Infinity, 0.01, 0.005" (119 fields).
        Assert.Equal(["5", "3", "Infinity", "0.01", "0.005"], fields[^5..]);
        Assert.Equal(119, fields.Length);
    }

    [Fact]
    public void ExecDetails_has_32_fields_in_IB_order()
    {
        var exec = new ExecDetails(-1, Contract.Option("AMZN", "20260213", 200, "P") with { ConId = 123456, LocalSymbol = "AMZN  260213P00200000", TradingClass = "AMZN" },
            new Execution
            {
                OrderId = 17, ExecId = "0000e0d5.6540a1b2.01.01", Time = "20261128 10:15:02 US/Eastern", AcctNumber = "DU1234567",
                Exchange = "CBOE", Side = "SLD", Shares = 1, Price = 3.45, PermId = 987654321, ClientId = 1, Liquidation = 0,
                CumQty = 1, AvgPrice = 3.45, OrderRef = "key-1", EvRule = "", EvMultiplier = 0, ModelCode = "", LastLiquidity = 2,
                PendingPriceRevision = false,
            });
        AssertFrame(exec,
            "11", "-1", "17",                                                           // [0-2] id (no version since 136), reqId, orderId
            "123456", "AMZN", "OPT", "20260213", "200", "P", "100", "SMART", "USD",     // [3-11] C11 conId..currency
            "AMZN  260213P00200000", "AMZN",                                            // [12-13] localSymbol, tradingClass
            "0000e0d5.6540a1b2.01.01", "20261128 10:15:02 US/Eastern", "DU1234567",     // [14-16] execId, time, account
            "CBOE", "SLD", "1", "3.45", "987654321", "1", "0",                          // [17-23] exchange, side, shares, price, permId, clientId, liquidation
            "1", "3.45", "key-1", "", "0", "", "2", "0");                               // [24-31] cumQty, avgPrice, orderRef, evRule, evMultiplier, modelCode, lastLiquidity, pendingPriceRevision
    }

    [Fact]
    public void OpenOrder_has_127_fields_with_status_at_85()
    {
        var reply = new OpenOrder(17, Contract.Stock("AAPL") with { ConId = 265598 },
            Order.Limit("BUY", 100, 150.25) with { OrderRef = "key-1", ClientId = 1, PermId = 555, Account = "DU1234567" },
            new OrderState { Status = "Submitted" });
        string[] expected =
        [
            "5", "17",                                                          // [0-1] id (no version since 145), orderId
            "265598", "AAPL", "STK", "", "0", "", "", "SMART", "USD", "", "",   // [2-12] C11
            "BUY", "100", "LMT", "150.25", "",                                  // [13-17] action, qty, type, lmtPrice, auxPrice
            "DAY", "", "DU1234567", "", "0", "key-1", "1", "555",               // [18-25] tif, ocaGroup, account, openClose, origin, orderRef, clientId, permId
            "0", "0", "1.7976931348623157E308", "",                             // [26-29] outsideRth, hidden, discretionaryAmt (read plainly: unset = MAX), goodAfterTime
            "",                                                                 // [30] sharesAllocation
            "", "", "", "", "", "", "", "",                                     // [31-38] faGroup, faMethod, faPercentage, modelCode, goodTillDate, rule80A, percentOffset, settlingFirm
            "0", "", "-1", "0",                                                 // [39-42] shortSaleSlot, designatedLocation, exemptCode, auctionStrategy
            "", "", "", "", "",                                                 // [43-47] startingPrice, stockRefPrice, delta, stockRangeLower/Upper
            "0", "0", "0", "0", "", "0",                                        // [48-53] displaySize, blockOrder, sweepToFill, allOrNone, minQty, ocaType
            "0", "0", "",                                                       // [54-56] eTradeOnly, firmQuoteOnly, nbboPriceCap
            "0", "0",                                                           // [57-58] parentId, triggerMethod
            "", "2147483647", "", "",                                           // [59-62] volatility, volatilityType (read plainly), dnOrderType, dnAuxPrice
            "0", "2147483647", "", "",                                          // [63-66] continuousUpdate, referencePriceType (read plainly), trailStopPrice, trailingPercent
            "", "", "",                                                         // [67-69] basisPoints, basisPointsType, comboLegsDescrip
            "0", "0", "0",                                                      // [70-72] combo legs, order combo legs, smart combo routing params
            "", "", "",                                                         // [73-75] scaleInitLevelSize, scaleSubsLevelSize, scalePriceIncrement
            "", "0", "", "", "0",                                               // [76-80] hedgeType, optOutSmartRouting, clearingAccount, clearingIntent, notHeld
            "0", "",                                                            // [81-82] dnContract flag, algoStrategy
            "0", "0",                                                           // [83-84] solicited, whatIf (after solicited, unlike placeOrder)
            "Submitted",                                                        // [85] status
            "", "", "", "", "", "", "", "", "",                                 // [86-94] margin before/change/after
            "", "", "", "", "",                                                 // [95-99] commission, min, max, currency, warningText
            "0", "0",                                                           // [100-101] randomizeSize, randomizePrice
            "0",                                                                // [102] conditions count
            "", "", "", "", "", "", "", "0",                                    // [103-110] adjustedOrderType, triggerPrice, trailStopPrice, lmtPriceOffset, adj. stop/stopLimit/trailing, unit
            "", "", "",                                                         // [111-113] softDollarTier name, value, displayName
            "", "0", "0", "0", "",                                              // [114-118] cashQty, dontUseAutoPriceForHedge, isOmsContainer, discretionaryUpToLimitPrice, usePriceMgmtAlgo
            "2147483647", "", "0",                                              // [119-121] duration (read plainly), postToAts, autoCancelParent
            "", "", "", "", "",                                                 // [122-126] minTradeQty, minCompeteSize, competeAgainstBestOffset, midOffsetAtWhole/Half
        ];
        Assert.Equal(127, expected.Length);
        Assert.Equal("Submitted", expected[85]);
        AssertFrame(reply, expected);
    }

    [Fact]
    public void CompletedOrder_has_96_fields_with_no_order_id_status_at_72_and_filled_quantity_at_82()
    {
        // EDecoder.processCompletedOrderMsg (Java 10.32) at 178; same list in ib_insync's decoder.completedOrder.
        var reply = new CompletedOrder(Contract.Stock("AAPL") with { ConId = 265598 },
            Order.Limit("BUY", 100, 150.25) with { OrderRef = "key-1", PermId = 555, Account = "DU1234567", FilledQuantity = 100 },
            new OrderState { Status = "Filled", CompletedTime = "20261128 10:15:02 US/Eastern", CompletedStatus = "Filled" });
        string[] expected =
        [
            "101",                                                              // [0] id: no version, no orderId
            "265598", "AAPL", "STK", "", "0", "", "", "SMART", "USD", "", "",   // [1-11] C11
            "BUY", "100", "LMT", "150.25", "",                                  // [12-16] action, qty, type, lmtPrice, auxPrice
            "DAY", "", "DU1234567", "", "0", "key-1", "555",                    // [17-23] tif, ocaGroup, account, openClose, origin, orderRef, permId (no clientId)
            "0", "0", "1.7976931348623157E308", "",                             // [24-27] outsideRth, hidden, discretionaryAmt (read plainly), goodAfterTime
            "", "", "", "",                                                     // [28-31] faGroup, faMethod, faPercentage, modelCode (no sharesAllocation)
            "", "", "", "",                                                     // [32-35] goodTillDate, rule80A, percentOffset, settlingFirm
            "0", "", "-1",                                                      // [36-38] shortSaleSlot, designatedLocation, exemptCode (no auctionStrategy)
            "", "", "", "", "",                                                 // [39-43] startingPrice, stockRefPrice, delta, stockRangeLower/Upper
            "0", "0", "0", "", "0", "0",                                        // [44-49] displaySize, sweepToFill, allOrNone, minQty, ocaType, triggerMethod (no blockOrder, parentId)
            "", "2147483647", "", "",                                           // [50-53] volatility, volatilityType (read plainly), dnOrderType, dnAuxPrice
            "0", "2147483647",                                                  // [54-55] continuousUpdate, referencePriceType (read plainly)
            "", "",                                                             // [56-57] trailStopPrice, trailingPercent (no basisPoints)
            "", "0", "0", "0",                                                  // [58-61] comboLegsDescrip, combo legs, order combo legs, smart combo routing params
            "", "", "",                                                         // [62-64] scaleInitLevelSize, scaleSubsLevelSize, scalePriceIncrement
            "",                                                                 // [65] hedgeType (no optOutSmartRouting)
            "", "", "0",                                                        // [66-68] clearingAccount, clearingIntent, notHeld
            "0", "",                                                            // [69-70] dnContract flag, algoStrategy
            "0",                                                                // [71] solicited (no whatIf)
            "Filled",                                                           // [72] status (no what-if margins or commissions)
            "0", "0",                                                           // [73-74] randomizeSize, randomizePrice
            "0",                                                                // [75] conditions count
            "", "", "",                                                         // [76-78] trailStopPrice (again), lmtPriceOffset, cashQty
            "0", "0",                                                           // [79-80] dontUseAutoPriceForHedge, isOmsContainer
            "", "100", "0", "0",                                                // [81-84] autoCancelDate, filledQuantity, refFuturesConId, autoCancelParent
            "", "0", "0", "0",                                                  // [85-88] shareholder, imbalanceOnly, routeMarketableToBbo, parentPermId
            "20261128 10:15:02 US/Eastern", "Filled",                           // [89-90] completedTime, completedStatus
            "", "", "", "", "",                                                 // [91-95] minTradeQty, minCompeteSize, competeAgainstBestOffset, midOffsetAtWhole/Half
        ];
        Assert.Equal(96, expected.Length);
        AssertFrame(reply, expected);
        Assert.Equal(reply, TwsCodec.DecodeReply(Frames.Payload(reply)));
    }

    [Fact]
    public void CancelHistoricalData_is_id_25_version_1_then_the_request_id() =>
        AssertFrame(new CancelHistoricalData(42), "25", "1", "42");

    [Fact]
    public void CommissionReport_sends_unset_pnl_as_the_literal_max_that_IB_uses()
    {
        AssertFrame(new CommissionReport("0000e0d5.6540a1b2.01.01", 1.0, "USD", null, null, 0),
            "59", "1", "0000e0d5.6540a1b2.01.01", "1", "USD", "1.7976931348623157E308", "1.7976931348623157E308", "0");
    }

    [Fact]
    public void Java_style_numbers_from_IB_decode()
    {
        // IB prints doubles with Java's Double.toString: "0.0", "1.0E-4", literal MAX for unset.
        var decoded = TwsCodec.DecodeReply(Frames.Of("1", "6", "5", "1", "1.0E-4", "100", "0")[4..]);
        Assert.Equal(new TickPrice(5, 1, 0.0001, 100, 0), decoded);

        var order = (PlaceOrder)TwsCodec.DecodeRequest(Frames.Encode(new PlaceOrder(1, Contract.Stock("AAPL"), Order.Market("BUY", 1)))[4..]);
        Assert.Null(order.Order.LmtPrice);
    }

    private static void AssertFrame(ITwsMessage message, params string[] fields)
    {
        var actual = Frames.Encode(message);
        Assert.Equal(fields, Frames.FieldsOf(actual));
        Assert.Equal(Frames.Of(fields), actual);
    }
}
