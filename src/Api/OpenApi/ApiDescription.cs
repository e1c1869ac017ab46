using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;
using WheelStrat.Api.Auth;

namespace WheelStrat.Api.OpenApi;

/// <summary>
/// /openapi/v1.json as a client generator needs it: the X-API-KEY scheme on every route the key middleware guards,
/// the query parameters and body examples declared beside each route, Retry-After on every 503, and the allowed
/// values of body fields as enums.
/// </summary>
public static class ApiDescription
{
    public const string SchemeName = "ApiKey";

    private static readonly Dictionary<string, string> Tags = new()
    {
        ["Health"] = "Liveness, gateway health and diagnostics, the status page; no key needed",
        ["Market data"] = "Quotes with greeks, option chains, historical bars and bulk history jobs",
        ["Orders"] = "Placing (idempotent), previewing, listing and cancelling orders",
        ["Executions"] = "The trade journal, its sync with IB, and execId conflicts",
        ["Account"] = "Positions and account values, kept warm",
        ["Admin"] = "The actor tree and fault injection",
        ["Streaming"] = "One server-sent event stream of quotes, order updates, fills and health, resumable by id",
    };

    public static IServiceCollection AddWheelStratOpenApi(this IServiceCollection services) => services.AddOpenApi(o =>
    {
        o.AddDocumentTransformer((document, _, _) =>
        {
            Describe(document);
            return Task.CompletedTask;
        });
        o.AddOperationTransformer((operation, context, _) =>
        {
            var metadata = context.Description.ActionDescriptor.EndpointMetadata;
            AddParameters(operation, metadata.OfType<ApiParameters>().SelectMany(q => q.Items));
            if (metadata.OfType<RequestExample>().LastOrDefault() is { } example && operation.RequestBody?.Content is { } content)
            {
                foreach (var media in content.Values)
                {
                    media.Example = JsonNode.Parse(example.Json);
                }
            }

            foreach (var (status, description) in metadata.OfType<ResponseDescriptions>().SelectMany(d => d.ByStatus))
            {
                if (operation.Responses?.TryGetValue(status.ToString(CultureInfo.InvariantCulture), out var response) is true && response is OpenApiResponse r)
                {
                    r.Description = description;
                }
            }

            AddRetryAfter(operation);
            return Task.CompletedTask;
        });
        o.AddSchemaTransformer((schema, context, _) =>
        {
            if (context.JsonPropertyInfo?.AttributeProvider?.GetCustomAttributes(typeof(AllowedValuesAttribute), true)
                is [AllowedValuesAttribute allowed, ..])
            {
                schema.Enum = allowed.Values.Select(v => (JsonNode)JsonValue.Create(v?.ToString())!).ToList();
            }

            return Task.CompletedTask;
        });
    });

    private static void Describe(OpenApiDocument document)
    {
        document.Info.Title = "WheelStrat bridge";
        document.Info.Description =
            "REST front end of one IB Gateway session: quotes with greeks, option chains, historical bars, orders, executions, " +
            "positions and account. JSON in camelCase; errors are RFC 7807 problems (application/problem+json). " +
            $"Every route but /ping, /health, /metrics, /status and /openapi needs the {ApiKeyMiddleware.Header} header.";
        document.Info.License = new OpenApiLicense { Name = "Proprietary", Identifier = "LicenseRef-Proprietary" };
        foreach (var server in document.Servers ?? [])
        {
            // The request's own address ends in '/': a client joins paths to it, so that would double the slash.
            server.Url = server.Url?.TrimEnd('/');
        }

        document.Tags = new HashSet<OpenApiTag>(Tags.Select(t => new OpenApiTag { Name = t.Key, Description = t.Value }));
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[SchemeName] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = ApiKeyMiddleware.Header,
            Description = "One of the keys in WHEELSTRAT_API_KEY (comma-separated during a rotation); the simulator prints its key at start.",
        };
        var requirement = new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SchemeName, document)] = [] };
        foreach (var (path, item) in document.Paths)
        {
            if (ApiKeyMiddleware.IsOpen(new PathString(path)) || item.Operations is null)
            {
                continue;
            }

            foreach (var operation in item.Operations.Values)
            {
                operation.Security = [requirement];
            }
        }
    }

    private static void AddParameters(OpenApiOperation operation, IEnumerable<ApiParameter> parameters)
    {
        foreach (var p in parameters)
        {
            operation.Parameters ??= [];
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = p.Name,
                In = p.In == "header" ? ParameterLocation.Header : ParameterLocation.Query,
                Description = p.Description,
                Required = p.Required,
                Example = p.Example is null ? null : JsonValue.Create(p.Example),
                Schema = new OpenApiSchema
                {
                    Type = p.Type switch
                    {
                        "integer" => JsonSchemaType.Integer,
                        "number" => JsonSchemaType.Number,
                        "boolean" => JsonSchemaType.Boolean,
                        _ => JsonSchemaType.String,
                    },
                    Enum = p.Enum?.Select(v => (JsonNode)JsonValue.Create(v)!).ToList(),
                    Pattern = p.Pattern,
                    Format = p.Format,
                    Minimum = p.Minimum?.ToString(CultureInfo.InvariantCulture),
                    Maximum = p.Maximum?.ToString(CultureInfo.InvariantCulture),
                    Default = p.Default is null ? null : p.Type == "boolean" ? JsonValue.Create(bool.Parse(p.Default)) : JsonValue.Create(p.Default),
                },
            });
        }
    }

    private static void AddRetryAfter(OpenApiOperation operation)
    {
        if (operation.Responses?.TryGetValue("503", out var response) is true && response is OpenApiResponse unavailable)
        {
            unavailable.Headers ??= new Dictionary<string, IOpenApiHeader>();
            unavailable.Headers["Retry-After"] = new OpenApiHeader
            {
                Description = "Seconds until a retry may succeed (the gateway's next reconnect attempt, or a short default)",
                Required = true,
                Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Minimum = "1" },
            };
        }
    }
}
