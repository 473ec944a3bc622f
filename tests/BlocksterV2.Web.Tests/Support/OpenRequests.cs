using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace BlocksterV2.Web.Tests.Support;

/// <summary>
/// Counts the requests under one path that the server is still handling, so a spec can await the moment a
/// long-lived response really ended on the server side (not just on the client's).
/// </summary>
public sealed class OpenRequests(PathString path) : IStartupFilter
{
    private readonly Lock _lock = new();
    private int _open;
    private TaskCompletionSource _noneOpen = Completed();

    public int Count
    {
        get { lock (_lock) return _open; }
    }

    /// <summary>Completes when no request under the path is being handled any more.</summary>
    public Task NoneOpen()
    {
        lock (_lock)
            return _noneOpen.Task;
    }

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(async (context, handle) =>
        {
            if (!context.Request.Path.StartsWithSegments(path))
            {
                await handle(context);
                return;
            }
            Opened();
            try
            {
                await handle(context);
            }
            finally
            {
                Closed();
            }
        });
        next(app);
    };

    private void Opened()
    {
        lock (_lock)
        {
            if (_open++ == 0)
                _noneOpen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    private void Closed()
    {
        lock (_lock)
        {
            if (--_open == 0)
                _noneOpen.TrySetResult();
        }
    }

    private static TaskCompletionSource Completed()
    {
        var done = new TaskCompletionSource();
        done.SetResult();
        return done;
    }
}
