using Microsoft.AspNetCore.Builder;

namespace WheelStrat.Api.OpenApi;

/// <summary>
/// One query or header parameter as the API description shows it. The handlers read the raw request themselves
/// (every bad value is a 400 naming its field), so the parameters are declared next to the route, with the same
/// constraints the parsers enforce.
/// </summary>
public sealed record ApiParameter(string Name, string Description)
{
    /// <summary>query (default) or header.</summary>
    public string In { get; init; } = "query";

    public string Type { get; init; } = "string";

    public bool Required { get; init; }

    public IReadOnlyList<string>? Enum { get; init; }

    public string? Pattern { get; init; }

    public string? Format { get; init; }

    public decimal? Minimum { get; init; }

    public decimal? Maximum { get; init; }

    public string? Default { get; init; }

    public string? Example { get; init; }
}

/// <summary>Endpoint metadata: parameters of one route.</summary>
public sealed record ApiParameters(IReadOnlyList<ApiParameter> Items);

/// <summary>Endpoint metadata: what each status of one route means, beyond its generic reason phrase.</summary>
public sealed record ResponseDescriptions(IReadOnlyDictionary<int, string> ByStatus);

/// <summary>Endpoint metadata: an example request body, as JSON text.</summary>
public sealed record RequestExample(string Json);

public static class ApiParameterExtensions
{
    public static RouteHandlerBuilder WithQuery(this RouteHandlerBuilder builder, params ApiParameter[] parameters) =>
        builder.WithMetadata(new ApiParameters(parameters));

    public static RouteHandlerBuilder WithHeader(this RouteHandlerBuilder builder, ApiParameter header) =>
        builder.WithMetadata(new ApiParameters([header with { In = "header" }]));

    public static RouteHandlerBuilder WithResponseDescriptions(this RouteHandlerBuilder builder, params (int Status, string Description)[] descriptions) =>
        builder.WithMetadata(new ResponseDescriptions(descriptions.ToDictionary(d => d.Status, d => d.Description)));

    public static RouteHandlerBuilder WithRequestExample(this RouteHandlerBuilder builder, string json) =>
        builder.WithMetadata(new RequestExample(json));
}
