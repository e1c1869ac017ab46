using WheelStrat.Actors.Orders;

namespace WheelStrat.Actors.Tests.Orders;

public sealed class OpenOrdersRequestsSpecs
{
    [Fact]
    public void A_list_is_complete_only_when_every_request_sent_has_ended()
    {
        var requests = new OpenOrdersRequests();
        requests.Sent(); // an order asked for the open orders
        requests.Sent(); // then a lookup started while that list was streaming

        Assert.False(requests.Ended()); // the first list's end: the lookup's own list is still to come
        Assert.True(requests.Ended());
    }

    [Fact]
    public void An_end_nobody_asked_for_closes_nothing_twice_and_a_new_session_forgets_what_the_old_one_owed()
    {
        var requests = new OpenOrdersRequests();
        Assert.True(requests.Ended());
        requests.Sent();
        Assert.True(requests.Ended());

        requests.Sent();
        requests.Sent();
        requests.SessionChanged();
        requests.Sent();
        Assert.True(requests.Ended());
    }
}
