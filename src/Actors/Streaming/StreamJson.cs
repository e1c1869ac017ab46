using System.Text.Json;
using System.Text.Json.Serialization;

namespace WheelStrat.Actors.Streaming;

/// <summary>Event bodies are written as the REST API writes its bodies: camelCase, enums as camelCase strings.</summary>
public static class StreamJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        NumberHandling = JsonNumberHandling.Strict,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };
}
