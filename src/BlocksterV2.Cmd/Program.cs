using BlocksterV2.Cmd;

// pbm [host:port] <palette> <command> [-switch value ...]; no command: the interactive prompt.
PbmClientSettings settings;
try
{
    settings = PbmClientSettings.FromEnvironment();
}
catch (PbmUsageException e)
{
    Console.Error.WriteLine($"pbm: {e.Message}");
    return ExitCodes.BadInput;
}
using var interrupted = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    interrupted.Cancel();
};
var console = new PbmConsole(Console.In, Console.Out, Console.Error, Console.IsInputRedirected ? null : new LineEditor());
try
{
    return await PbmCli.RunAsync(args, console, settings, interrupted.Token);
}
catch (OperationCanceledException) when (interrupted.IsCancellationRequested)
{
    Console.Error.WriteLine("pbm: interrupted");
    return ExitCodes.Failed;
}
