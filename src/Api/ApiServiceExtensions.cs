using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using WheelStrat.Api.Account;
using WheelStrat.Api.Admin;
using WheelStrat.Api.Auth;
using WheelStrat.Api.Chains;
using WheelStrat.Api.Executions;
using WheelStrat.Api.Health;
using WheelStrat.Api.History;
using WheelStrat.Api.OpenApi;
using WheelStrat.Api.Orders;
using WheelStrat.Api.Problems;
using WheelStrat.Api.Quotes;
using WheelStrat.Api.Status;
using WheelStrat.Api.Streaming;

namespace WheelStrat.Api;

public static class ApiServiceExtensions
{
    public static IServiceCollection AddWheelStratApi(this IServiceCollection services)
    {
        services.AddOptions<ApiKeyOptions>().BindConfiguration(ApiKeyOptions.Section);
        services.AddOptions<HealthOptions>().BindConfiguration(HealthOptions.Section);
        services.AddOptions<AdminOptions>().BindConfiguration(AdminOptions.Section);
        services.AddSingleton<StreamTickets>();
        services.AddProblemDetails();
        services.AddExceptionHandler<ProblemExceptionHandler>();
        services.AddWheelStratOpenApi();
        services.Configure<JsonOptions>(o =>
        {
            o.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
            // Numbers are numbers: the web default (also read from strings) would type every number in the API
            // description as "number or string", and in every generated client too. Bodies are parsed by hand.
            o.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        });
        return services;
    }

    public static WebApplication UseWheelStratApi(this WebApplication app)
    {
        app.UseMiddleware<Problems.RetryAfterMiddleware>();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseMiddleware<ApiKeyMiddleware>();
        app.MapOpenApi("/openapi/{documentName}.json");
        app.MapHealth();
        app.MapAdmin();
        app.MapQuotes();
        app.MapOptionChains();
        app.MapHistory();
        app.MapOrders();
        app.MapExecutions();
        app.MapAccount();
        app.MapStream();
        app.MapStatusPage();
        return app;
    }
}
