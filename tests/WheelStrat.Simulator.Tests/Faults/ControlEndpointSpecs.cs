using System.Net;
using WheelStrat.Simulator.Control;
using WheelStrat.Simulator.Faults;
using WheelStrat.Simulator.Tests.Support;

namespace WheelStrat.Simulator.Tests.Faults;

/// <summary>The held faults through the standalone simulator's HTTP control endpoint.</summary>
public sealed class ControlEndpointSpecs : SimulatorSpecs
{
    [Fact]
    public async Task A_farm_is_held_down_and_restored_and_a_competing_session_started_and_ended_over_HTTP()
    {
        await using var control = await ControlEndpoint.StartAsync(Gateway, port: 0);
        using var http = new HttpClient { BaseAddress = control.Address };

        Assert.Equal(HttpStatusCode.OK, (await http.PostAsync("/faults/farm-down?farm=ushmds", null)).StatusCode);
        Assert.True(Gateway.Faults.IsFarmDown(DataFarm.UsHmds));
        Assert.Equal(HttpStatusCode.OK, (await http.PostAsync("/faults/farm-up?farm=ushmds", null)).StatusCode);
        Assert.Empty(Gateway.Faults.FarmsDown);
        Assert.Equal(HttpStatusCode.BadRequest, (await http.PostAsync("/faults/farm-down?farm=eufarm", null)).StatusCode);

        await http.PostAsync("/faults/10197", null);
        Assert.True(Gateway.Faults.CompetingSession);
        await http.PostAsync("/faults/10197?on=false", null);
        Assert.False(Gateway.Faults.CompetingSession);
    }
}
