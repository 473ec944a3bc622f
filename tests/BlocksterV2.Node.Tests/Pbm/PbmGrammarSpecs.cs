using BlocksterV2.Cluster.Inspection;
using BlocksterV2.Cluster.Inspection.Wire;
using BlocksterV2.Cmd;
using CmdEndpoint = BlocksterV2.Cmd.NodeEndpoint;

namespace BlocksterV2.Node.Tests.Pbm;

/// <summary>Petabridge.Cmd's grammar on the client, and the node's own check of every command against its palettes.</summary>
public sealed class PbmGrammarSpecs
{
    [Fact]
    public void Without_an_address_pbm_talks_to_127_0_0_1_on_9110()
    {
        var line = PbmCommandLine.Parse(["cluster", "show"]);

        Assert.Equal(new CmdEndpoint("127.0.0.1", 9110), line.Node);
        Assert.Equal("cluster", line.Command!.Palette);
        Assert.Equal("show", line.Command.Command);
        Assert.Empty(line.Command.Switches);
    }

    [Fact]
    public void A_first_argument_with_a_colon_is_the_address_and_switches_are_dash_name_value()
    {
        var line = PbmCommandLine.Parse(["10.0.0.7:9111", "cluster", "down", "-a", "akka.tcp://blockster@10.0.0.8:4053"]);

        Assert.Equal(new CmdEndpoint("10.0.0.7", 9111), line.Node);
        Assert.Equal("down", line.Command!.Command);
        Assert.Equal("akka.tcp://blockster@10.0.0.8:4053", line.Command.Switches["a"]);
    }

    [Fact]
    public void An_IPv6_address_is_written_in_brackets()
    {
        Assert.Equal(new CmdEndpoint("fdaa::3", 9110), PbmCommandLine.Parse(["[fdaa::3]:9110"]).Node);
        Assert.Equal("[fdaa::3]:9110", new CmdEndpoint("fdaa::3", 9110).ToString());
    }

    [Fact]
    public void No_palette_means_the_interactive_prompt()
    {
        Assert.Null(PbmCommandLine.Parse([]).Command);
        Assert.Null(PbmCommandLine.Parse(["127.0.0.1:9110"]).Command);
    }

    [Theory]
    [InlineData("127.0.0.1:abc", "is not an address")]
    [InlineData("127.0.0.1:70000", "is not an address")]
    [InlineData(":9110", "is not an address")]
    [InlineData("fdaa::3:9110", "is not an address")]
    public void A_malformed_address_is_refused_with_the_form_to_use(string address, string expected)
    {
        var refused = Assert.Throws<PbmUsageException>(() => PbmCommandLine.Parse([address, "cluster", "show"]));

        Assert.Contains(expected, refused.Message);
        Assert.Contains("host:port", refused.Message);
    }

    [Theory]
    [InlineData("cluster down -a", "switch -a needs a value")]
    [InlineData("cluster down address", "switches are written -name value")]
    [InlineData("cluster down -a x -a y", "switch -a is given twice")]
    [InlineData("cluster down --address x", "switches are written -name value")]
    [InlineData("-a x", "where a palette was expected")]
    [InlineData("cluster -a x", "where a command of palette 'cluster' was expected")]
    public void Switches_not_written_dash_name_value_are_refused(string line, string expected)
    {
        var refused = Assert.Throws<PbmUsageException>(() => PbmCommandLine.ParseCommand(PbmCommandLine.Words(line)));

        Assert.Contains(expected, refused.Message);
    }

    [Fact]
    public void A_prompt_line_splits_at_spaces_and_quotes_keep_spaces_in_a_value()
    {
        Assert.Equal(["bux", "table-info", "-t", "a b"], PbmCommandLine.Words("  bux  table-info -t \"a b\" "));
        Assert.Equal(["x", ""], PbmCommandLine.Words("x ''"));
        Assert.Throws<PbmUsageException>(() => PbmCommandLine.Words("bux 'open"));
    }

    [Fact]
    public async Task A_malformed_address_exits_2_with_one_line_before_connecting_anywhere()
    {
        var result = await Pbm.Run("127.0.0.1:notaport", "cluster", "show");

        Assert.Equal(ExitCodes.BadInput, result.ExitCode);
        Assert.Single(result.ErrorLines);
        Assert.Empty(result.Output);
    }

    private static readonly PbmCatalog Catalog = new([new SamplePalette()]);

    [Theory]
    [InlineData("nope", "show", "unknown palette 'nope'; palettes: sample")]
    [InlineData("sample", "nope", "unknown command 'nope' in palette 'sample'; commands: show, down")]
    [InlineData("sample", "down", "'sample down' needs -a <address> (the member); usage: sample down -a <address> [-n <count>]")]
    public void The_node_names_what_is_wrong_and_what_exists(string palette, string command, string expected)
    {
        var refused = Assert.Throws<PbmBadInputException>(() => Catalog.Resolve(new Run(palette, command, new Dictionary<string, string>())));

        Assert.Equal(expected, refused.Message);
    }

    [Fact]
    public void The_node_refuses_an_unknown_switch_with_the_usage()
    {
        var refused = Assert.Throws<PbmBadInputException>(() =>
            Catalog.Resolve(new Run("sample", "down", new Dictionary<string, string> { ["a"] = "x", ["z"] = "1" })));
        var noSwitches = Assert.Throws<PbmBadInputException>(() =>
            Catalog.Resolve(new Run("sample", "show", new Dictionary<string, string> { ["z"] = "1" })));

        Assert.Equal("unknown switch -z for 'sample down'; usage: sample down -a <address> [-n <count>]", refused.Message);
        Assert.Equal("unknown switch -z for 'sample show'; it takes no switches", noSwitches.Message);
    }

    [Fact]
    public void A_complete_command_resolves_to_its_palette_with_its_switches()
    {
        var (palette, call) = Catalog.Resolve(new Run("sample", "down", new Dictionary<string, string> { ["a"] = "x" }));

        Assert.IsType<SamplePalette>(palette);
        Assert.Equal("x", call.Required("a"));
        Assert.Null(call.Optional("n"));
    }

    private sealed class SamplePalette : IPbmPalette
    {
        public PaletteDefinition Definition { get; } = new("sample", "for the grammar specs",
        [
            new("show", "shows", []),
            new("down", "downs", [new("a", "address", "the member", Mandatory: true), new("n", "count", "how many", Mandatory: false)]),
        ]);

        public IAsyncEnumerable<string> Run(PbmCommandCall call, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
