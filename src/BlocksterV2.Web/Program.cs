using BlocksterV2.Cluster.Hosting;
using BlocksterV2.Web;
using BlocksterV2.Web.Hosting;
using BlocksterV2.Web.Logging;

// A BUX node, top to bottom: where its settings come from, the checks that refuse a bad start (one line, exit 1),
// the store and the HTTP API it runs, and the exit code that says why it stopped.
var builder = WebApplication.CreateBuilder(NodeConfiguration.HostArguments(args)).AddNodeConfiguration(args);

BuxNodeOptions options;
NodeStartup startup;
LogFormat logFormat;
try
{
    logFormat = ConsoleLogFormat.Apply(builder.Logging, builder.Configuration);
    options = NodeStartup.Bind(builder.Configuration.GetSection(BuxNodeOptions.Section));
    startup = NodeStartup.Prepare(options, builder.Environment);
}
catch (StartupRefusedException refused)
{
    Console.Error.WriteLine(refused.Message);
    return 1;
}

var app = builder.AddBuxNode(options, startup, logFormat).AddHttpApi().Build();
app.LogStart(options, startup);
app.MapHttpApi();
return app.RunUntilStopped(options);

/// <summary>Entry point type, visible to WebApplicationFactory in the specs.</summary>
public partial class Program;
