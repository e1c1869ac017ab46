using Microsoft.Extensions.Time.Testing;
using WheelStrat.Actors.Gateway;
using static WheelStrat.Actors.Tests.Support.OptionsValidation;

namespace WheelStrat.Actors.Tests.Gateway;

public sealed class OutboundGovernorSpecs
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 15, 0, 0, TimeSpan.Zero));

    private OutboundGovernor<string> Governor(int perSecond = 5, int capacity = 100) => new(perSecond, capacity, _time);

    [Fact]
    public void Sends_at_once_within_a_tenth_of_the_rate_then_queues_for_the_next_100_ms()
    {
        var g = Governor(perSecond: 30);
        Assert.All(Enumerable.Range(0, 3), i => Assert.Equal(Admission.SendNow, g.Offer($"m{i}", OutboundPriority.Other, null)));
        Assert.Equal(Admission.Queued, g.Offer("m3", OutboundPriority.Other, null));
        Assert.Equal(1, g.Depth(OutboundPriority.Other));
        Assert.Equal(TimeSpan.FromMilliseconds(100), g.NextReleaseIn());
    }

    [Fact]
    public void Spreads_a_burst_over_the_second_never_more_than_a_tenth_in_100_ms()
    {
        var g = Governor(perSecond: 45, capacity: 1000);
        var sentAt = new List<DateTimeOffset>();
        for (var i = 0; i < 200; i++)
        {
            if (g.Offer($"m{i}", OutboundPriority.MarketData, null) == Admission.SendNow)
            {
                sentAt.Add(_time.GetUtcNow());
            }
        }

        while (g.Queued > 0)
        {
            _time.Advance(TimeSpan.FromMilliseconds(7));
            var ready = new List<Dequeued<string>>();
            g.Release(ready, []);
            sentAt.AddRange(ready.Select(_ => _time.GetUtcNow()));
        }

        Assert.Equal(200, sentAt.Count);
        Assert.All(sentAt, t => Assert.InRange(sentAt.Count(s => s >= t && s < t + TimeSpan.FromMilliseconds(100)), 1, 5));
        Assert.All(sentAt, t => Assert.InRange(sentAt.Count(s => s >= t && s < t + TimeSpan.FromSeconds(1)), 1, 45));
    }

    [Fact]
    public void Never_more_than_the_rate_in_any_one_second_window()
    {
        var g = Governor(perSecond: 5);
        var sentAt = new List<DateTimeOffset>();
        for (var i = 0; i < 40; i++)
        {
            if (g.Offer($"m{i}", OutboundPriority.MarketData, null) == Admission.SendNow)
            {
                sentAt.Add(_time.GetUtcNow());
            }
        }

        // Drive it as the actor's timer does, in uneven steps.
        var steps = new[] { 130, 870, 1, 499, 500, 250, 750, 1000, 333, 667 };
        for (var i = 0; g.Queued > 0; i++)
        {
            _time.Advance(TimeSpan.FromMilliseconds(steps[i % steps.Length]));
            var ready = new List<Dequeued<string>>();
            g.Release(ready, []);
            sentAt.AddRange(ready.Select(_ => _time.GetUtcNow()));
        }

        Assert.Equal(40, sentAt.Count);
        Assert.All(sentAt, t => Assert.InRange(sentAt.Count(s => s >= t && s < t + TimeSpan.FromSeconds(1)), 1, 5));
    }

    [Fact]
    public void Urgent_goes_first_then_market_data_then_the_rest()
    {
        var g = Governor(perSecond: 1);
        g.Offer("first", OutboundPriority.Other, null);
        g.Offer("history", OutboundPriority.Other, null);
        g.Offer("quote", OutboundPriority.MarketData, null);
        g.Offer("order", OutboundPriority.Urgent, null);

        Assert.Equal(["order", "quote", "history"], Drain(g));
    }

    [Fact]
    public void A_flood_of_urgent_and_quotes_still_lets_history_through_by_weight()
    {
        var g = Governor(perSecond: 1);
        g.Offer("first", OutboundPriority.Other, null);
        foreach (var i in Enumerable.Range(0, 20))
        {
            g.Offer($"u{i}", OutboundPriority.Urgent, null);
            g.Offer($"q{i}", OutboundPriority.MarketData, null);
        }

        g.Offer("history", OutboundPriority.Other, null);

        // One round: six urgent, three quotes, then the one history request.
        var order = Drain(g).Take(10).ToList();
        Assert.Equal(["u0", "u1", "u2", "u3", "u4", "u5", "q0", "q1", "q2", "history"], order);
    }

    [Fact]
    public void Each_priority_keeps_first_in_first_out()
    {
        var g = Governor(perSecond: 1);
        g.Offer("first", OutboundPriority.Urgent, null);
        g.Offer("cancel 7", OutboundPriority.Urgent, null);
        g.Offer("place 8", OutboundPriority.Urgent, null);
        g.Offer("place 9", OutboundPriority.Urgent, null);
        Assert.Equal(["cancel 7", "place 8", "place 9"], Drain(g));
    }

    [Fact]
    public void A_message_whose_deadline_passes_in_the_queue_is_expired_never_sent()
    {
        var g = Governor(perSecond: 1);
        g.Offer("first", OutboundPriority.Urgent, null);
        g.Offer("quote", OutboundPriority.MarketData, _time.GetUtcNow().AddMilliseconds(500));
        g.Offer("cancel", OutboundPriority.MarketData, null);

        _time.Advance(g.NextReleaseIn()!.Value);
        var ready = new List<Dequeued<string>>();
        var expired = new List<Dequeued<string>>();
        g.Release(ready, expired);

        var gone = Assert.Single(expired);
        Assert.Equal("quote", gone.Item);
        Assert.Equal(TimeSpan.FromMilliseconds(1100), gone.Waited);
        Assert.Equal("cancel", Assert.Single(ready).Item);
    }

    [Fact]
    public void A_full_queue_rejects_at_once_and_the_others_still_take_messages()
    {
        var g = Governor(perSecond: 1, capacity: 2);
        g.Offer("first", OutboundPriority.Other, null);
        Assert.Equal(Admission.Queued, g.Offer("a", OutboundPriority.MarketData, null));
        Assert.Equal(Admission.Queued, g.Offer("b", OutboundPriority.MarketData, null));
        Assert.Equal(Admission.Rejected, g.Offer("c", OutboundPriority.MarketData, null));
        Assert.Equal(Admission.Queued, g.Offer("order", OutboundPriority.Urgent, null));
        Assert.Equal(2, g.Depth(OutboundPriority.MarketData));
    }

    [Fact]
    public void Nothing_jumps_a_waiting_queue_even_when_the_window_has_room()
    {
        var g = Governor(perSecond: 1);
        g.Offer("first", OutboundPriority.Other, null);
        g.Offer("waiting", OutboundPriority.Other, null);
        _time.Advance(g.NextReleaseIn()!.Value);
        Assert.Equal(Admission.Queued, g.Offer("late", OutboundPriority.Other, null));
        Assert.Equal(TimeSpan.Zero, g.NextReleaseIn());
    }

    [Fact]
    public void Clear_hands_back_everything_that_waited()
    {
        var g = Governor(perSecond: 1);
        g.Offer("first", OutboundPriority.Other, null);
        g.Offer("a", OutboundPriority.Urgent, null);
        g.Offer("b", OutboundPriority.Other, null);
        Assert.Equal(["a", "b"], g.Clear().Select(d => d.Item));
        Assert.Equal(0, g.Queued);
        Assert.Null(g.NextReleaseIn());
    }

    [Fact]
    public void The_gateway_refuses_a_rate_above_IBs_limit_and_an_empty_queue_at_start()
    {
        var valid = new GatewayOptions { ClientIds = [1] };
        Assert.Empty(Errors(valid));
        Assert.Equal(45, valid.MaxMessagesPerSecond);
        Assert.Equal([nameof(GatewayOptions.MaxMessagesPerSecond), nameof(GatewayOptions.OutboundQueueCapacity)],
            Errors(new GatewayOptions { ClientIds = [1], MaxMessagesPerSecond = 51, OutboundQueueCapacity = 0 }));
        Assert.Contains(nameof(GatewayOptions.OutboundQueueWait), Errors(new GatewayOptions { ClientIds = [1], OutboundQueueWait = TimeSpan.Zero }));
    }

    /// <summary>Releases one message per second until the queues are empty.</summary>
    private List<string> Drain(OutboundGovernor<string> g)
    {
        var order = new List<string>();
        while (g.Queued > 0)
        {
            _time.Advance(g.NextReleaseIn()!.Value);
            var ready = new List<Dequeued<string>>();
            g.Release(ready, []);
            order.AddRange(ready.Select(d => d.Item));
        }

        return order;
    }
}
