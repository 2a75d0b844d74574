using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Wick.Server.Configuration;
using Wick.Server.Endpoints;
using Wick.Server.Errors;
using Wick.Server.Http;
using Wick.Server.Metrics;
using Wick.Server.Serving;

namespace Wick.Server;

/// <summary>The composition root of the HTTP server: options, middleware and routes in one place.</summary>
public static partial class WickServer
{
    /// <summary>Builds the web application for a loaded model. The caller starts it and owns the model's lifetime.</summary>
    public static WebApplication Build(WickOptions options, ServedModel model, Readiness readiness, Action<ILoggingBuilder>? logging = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(readiness);
        WickOptionsLoader.Validate(options);
        time ??= TimeProvider.System;
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://{UrlHost(options.Host)}:{options.Port}");
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes;
            kestrel.AddServerHeader = false;
        });
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(options.DrainTimeoutSeconds + 5));
        if (logging is not null)
        {
            builder.Logging.ClearProviders();
            logging(builder.Logging);
        }

        if (options.CorsOrigins.Count > 0)
        {
            builder.Services.AddCors(cors => cors.AddDefaultPolicy(policy => policy.WithOrigins([.. options.CorsOrigins]).AllowAnyHeader().AllowAnyMethod()));
        }

        var app = builder.Build();
        var metrics = new ServerMetrics();
        var keys = new ApiKeyCheck(options.ApiKeys);
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Wick.Server");
        var keepAlive = new KeepAlive(TimeSpan.FromSeconds(10), time);
        var service = new GenerationService(model, options);
        var chat = new ChatCompletionsEndpoint(model, service, metrics, time, keepAlive);
        var completions = new CompletionsEndpoint(model, service, metrics, time, keepAlive);
        var info = new InfoEndpoints(model, readiness, metrics);

        app.Lifetime.ApplicationStopping.Register(() =>
        {
            LogDraining(logger, options.DrainTimeoutSeconds);
            _ = model.Engine.StopAsync(TimeSpan.FromSeconds(options.DrainTimeoutSeconds), CancellationToken.None);
        });

        app.Use((http, next) => HandleErrorsAsync(http, next, metrics, logger));
        app.UseStatusCodePages(static context => StatusWithoutBodyAsync(context.HttpContext));
        if (options.CorsOrigins.Count > 0)
        {
            app.UseCors();
        }

        app.Use((http, next) => RequireApiKey(http, next, keys));

        app.MapPost("/v1/chat/completions", chat.HandleAsync);
        app.MapPost("/v1/completions", completions.HandleAsync);
        app.MapGet("/v1/models", info.ListModelsAsync);
        app.MapGet("/v1/models/{**id}", (HttpContext http, string id) => info.GetModelAsync(http, id));
        app.MapPost("/tokenize", info.TokenizeAsync);
        app.MapPost("/detokenize", info.DetokenizeAsync);
        app.MapGet("/health", info.HealthAsync);
        app.MapGet("/health/ready", info.ReadyAsync);
        app.MapGet("/metrics", info.MetricsAsync);
        return app;
    }

    private static async Task HandleErrorsAsync(HttpContext http, RequestDelegate next, ServerMetrics metrics, ILogger logger)
    {
        try
        {
            await next(http).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            // The client went away: its request was cancelled and its KV freed; nobody is left to answer.
            return;
        }
        catch (Exception ex) when (!http.Response.HasStarted)
        {
            if (ErrorMapper.ToResponse(ex).Status >= 500)
            {
                LogRequestFailed(logger, http.Request.Path, ex);
            }

            http.Response.Clear();
            await ErrorMapper.WriteAsync(http, ex).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or ObjectDisposedException)
        {
            // The response had started and the connection broke mid-write: nothing more can be sent.
            LogStreamBroken(logger, http.Request.Path, ex);
        }
        finally
        {
            metrics.CountResponse(http.Response.StatusCode);
        }
    }

    /// <summary>Routing answered with a bare status (unknown route 404, wrong method 405): give it OpenAI's error shape.</summary>
    private static Task StatusWithoutBodyAsync(HttpContext http)
    {
        var status = http.Response.StatusCode;
        var error = status switch
        {
            StatusCodes.Status404NotFound => HttpErrorException.NotFound($"No route {http.Request.Method} {http.Request.Path}.", "route_not_found"),
            StatusCodes.Status405MethodNotAllowed => HttpErrorException.MethodNotAllowed(http.Request.Method, http.Request.Path),
            _ => new HttpErrorException(status, "invalid_request_error", "http_" + status, $"The request failed with HTTP status {status}."),
        };
        return ErrorMapper.WriteAsync(http, error);
    }

    private static Task RequireApiKey(HttpContext http, RequestDelegate next, ApiKeyCheck keys)
    {
        var path = http.Request.Path;
        var open = path.StartsWithSegments("/health") || path.StartsWithSegments("/metrics");
        if (!open && !keys.IsAuthorized(http.Request.Headers.Authorization))
        {
            throw HttpErrorException.Unauthorized("Missing or incorrect API key: send 'Authorization: Bearer <key>'.");
        }

        return next(http);
    }

    /// <summary>A host as it goes into a URL: a bare IPv6 address needs brackets.</summary>
    private static string UrlHost(string host) =>
        IPAddress.TryParse(host, out var address) && address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{host}]" : host;

    [LoggerMessage(Level = LogLevel.Error, Message = "Request {Path} failed")]
    private static partial void LogRequestFailed(ILogger logger, PathString path, Exception exception);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Response stream for {Path} broke")]
    private static partial void LogStreamBroken(ILogger logger, PathString path, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Shutting down: draining running requests for up to {Seconds} s")]
    private static partial void LogDraining(ILogger logger, double seconds);
}
