namespace BlocksterV2.Cluster.Hosting;

/// <summary>The rule every shared secret of a node follows (the API key, the pbm secret): long enough not to be guessed.</summary>
public static class Secrets
{
    public const int MinLength = 16;

    /// <summary>Null when <paramref name="value"/> is unset (null or empty) or usable, else one line naming <paramref name="setting"/>.</summary>
    public static string? Problem(string setting, string? value)
    {
        if (string.IsNullOrEmpty(value))
            return null;
        if (value.Any(char.IsWhiteSpace))
            return $"{setting} contains whitespace: use at least {MinLength} characters without spaces, e.g. `openssl rand -hex 32`";
        return value.Length < MinLength
            ? $"{setting} is {value.Length} characters long: use at least {MinLength} (e.g. `openssl rand -hex 32`)"
            : null;
    }
}
