using BlocksterV2.Domain;
using BlocksterV2.Domain.Posts;
using BlocksterV2.Domain.Users;

namespace BlocksterV2.Cluster.Tests.LocalTableSpecs;

/// <summary>
/// Random traffic through a node's shard regions, covering every event a table folds: credits, debits (some
/// refused), wallets in mixed case, whole-record writes with extra fields, post settings, deposits, rewarded reads
/// and a reward the user cannot take (its balance would overflow), which the post refuses without storing anything.
/// </summary>
public sealed class EntityTraffic(BuxNodeKit node, int seed)
{
    private static readonly string[] UserIds = ["alice", "u:1", "u:2", "U.3-x", "bob_4", "c:a:t", "0", "z"];
    private static readonly string[] PostIds = ["story", "p:1", "p.2", "P-3"];
    private const string HexDigits = "0123456789abcdef";
    private readonly Random _random = new(seed);

    public HashSet<string> Users { get; } = new(StringComparer.Ordinal);
    public HashSet<string> Posts { get; } = new(StringComparer.Ordinal);

    public async Task Run(int operations)
    {
        for (var i = 0; i < operations; i++)
            await Step(i);
        await RefusedReward();
    }

    private string AnyUser() => UserIds[_random.Next(UserIds.Length)];
    private string AnyPost() => PostIds[_random.Next(PostIds.Length)];

    /// <summary>All lower, all upper, or mixed case with its EIP-55 checksum (the only mixed case a node accepts).</summary>
    private string Wallet()
    {
        var hex = new string(Enumerable.Range(0, 40).Select(_ => HexDigits[_random.Next(HexDigits.Length)]).ToArray());
        return _random.Next(3) switch
        {
            0 => "0x" + hex,
            1 => "0x" + hex.ToUpperInvariant(),
            _ => Nethereum.Util.AddressUtil.Current.ConvertToChecksumAddress("0x" + hex),
        };
    }

    private string? Extra() => _random.Next(4) switch
    {
        0 => null,
        1 => "",
        2 => $"note {_random.Next(1000)} ✓",
        _ => new string('x', _random.Next(1, 300)),
    };

    private async Task Step(int i)
    {
        var key = _random.Next(5) == 0 ? $"key-{_random.Next(40)}" : null; // some repeats: replayed, not applied twice
        switch (_random.Next(8))
        {
            case 0 or 1:
                await User(new CreditUser(AnyUser(), _random.Next(1, 500), "spec", key));
                break;
            case 2:
                await User(new DebitUser(AnyUser(), _random.Next(1, 300), null, key)); // refused when it would overdraw
                break;
            case 3:
                await User(new SetUserWallet(AnyUser(), Wallet(), null));
                break;
            case 4:
            {
                var id = AnyUser();
                var version = await node.AskUser<object>(new GetUser(id)) is UserBuxPoints current ? current.Version : 0;
                await User(new WriteUser(id, version, _random.Next(3) == 0 ? "" : Wallet(), _random.Next(0, 10_000),
                    Extra(), Extra(), Extra(), Extra(), null));
                break;
            }
            case 5:
                await Post(new ConfigurePost(AnyPost(), _random.Next(0, 40), _random.Next(0, 60), null));
                break;
            case 6:
                await Post(new DepositToPost(AnyPost(), _random.Next(1, 400), key));
                break;
            default:
            {
                var (post, user) = (AnyPost(), AnyUser());
                if (await node.AskPost<object>(new RewardRead(post, user, _random.Next(0, 90), $"read-{i}")) is ReadRewarded)
                {
                    Users.Add(user); // a reward creates the reader's record when it had none
                    Posts.Add(post);
                }
                break;
            }
        }
    }

    /// <summary>A reward the reader cannot take: the user's entity refuses it before the post reserves anything.</summary>
    private async Task RefusedReward()
    {
        var whale = "whale:" + seed;
        var credited = await node.AskUser<UserBuxPoints>(new CreditUser(whale, long.MaxValue - 3, "almost full", null));
        Users.Add(whale);
        await node.AskPost<PostBuxPoints>(new ConfigurePost("story", 10, 0, null));
        await node.AskPost<PostBuxPoints>(new DepositToPost("story", 100, null));
        Posts.Add("story");
        var before = await node.AskPost<PostBuxPoints>(new GetPost("story"));

        await node.AskPost<Rejection>(new RewardRead("story", whale, 5, "whale-read"));

        // neither the post nor the user changed
        Assert.Equal(before, await node.AskPost<PostBuxPoints>(new GetPost("story")));
        Assert.Equal(credited, await node.AskUser<UserBuxPoints>(new GetUser(whale)));
    }

    private async Task User(IUserCommand command)
    {
        if (await node.AskUser<object>(command) is UserBuxPoints)
            Users.Add(command.UserId);
    }

    private async Task Post(IPostCommand command)
    {
        if (await node.AskPost<object>(command) is PostBuxPoints)
            Posts.Add(command.PostId);
    }
}
