using System.Globalization;
using System.Security.Cryptography;

namespace WaFunctions.Licensing;

/// <summary>
/// Operator commands run instead of the app: make a signing key pair, and mint license tokens.
/// Results go to <c>output</c> (so they can be redirected to a file), messages to <c>error</c>.
/// </summary>
internal static class LicenseCommands
{
    public const int Ok = 0, Failed = 1, BadArguments = 2;

    public const string Usage = """
        License commands:
          WaFunctions --new-license-keypair
              Prints a new P-256 private key (PKCS#8 PEM) and its public key (PEM, then one-line base64).
              Keep the private key secret; set WA_LICENSE_PUBLIC_KEY to the public key.
          WaFunctions --mint-license --private-key <pem file> --licensee <name> --plan <plan> --expires-at <ISO date>
              Prints a license token to set as WA_LICENSE_KEY. --private-key may be the whole output of
              --new-license-keypair. --expires-at is when it stops working: 2027-01-31 (00:00 UTC that day),
              2027-01-31T12:00:00Z or 2027-01-31T12:00:00+02:00; a time without an offset is UTC.
        Exit codes: 0 done, 1 the key file cannot be read or used, 2 missing or unknown arguments.
        """;

    private static readonly string[] MintOptions = ["--private-key", "--licensee", "--plan", "--expires-at"];

    private static readonly string[] DateFormats =
        ["yyyy-MM-dd", "yyyy-MM-dd'T'HH:mmK", "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK"];

    /// <summary>
    /// Runs a license command if <paramref name="args"/> is one. Returns false, with
    /// <paramref name="exitCode"/> 0, when it is not, so the caller goes on to start the app.
    /// </summary>
    public static bool TryRun(string[] args, TextWriter output, TextWriter error, out int exitCode)
    {
        switch (args)
        {
            case ["--new-license-keypair"]:
                exitCode = NewKeyPair(output);
                return true;
            case ["--new-license-keypair", ..]:
                exitCode = Refuse(error, "--new-license-keypair takes no arguments.");
                return true;
            case ["--mint-license", .. var rest]:
                exitCode = Mint(rest, output, error);
                return true;
            default:
                exitCode = Ok;
                return false;
        }
    }

    private static int NewKeyPair(TextWriter output)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        output.WriteLine(key.ExportPkcs8PrivateKeyPem());
        output.WriteLine(key.ExportSubjectPublicKeyInfoPem());
        output.WriteLine(Convert.ToBase64String(key.ExportSubjectPublicKeyInfo()));
        return Ok;
    }

    private static int Mint(string[] args, TextWriter output, TextWriter error)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i += 2)
        {
            if (!MintOptions.Contains(args[i]))
                return Refuse(error, $"Unknown argument '{args[i]}'.");
            if (i + 1 >= args.Length || args[i + 1].Length == 0 || MintOptions.Contains(args[i + 1]))
                return Refuse(error, $"{args[i]} needs a value.");
            if (!values.TryAdd(args[i], args[i + 1]))
                return Refuse(error, $"{args[i]} is given twice.");
        }
        if (MintOptions.Where(o => !values.ContainsKey(o)).ToList() is { Count: > 0 } missing)
            return Refuse(error, $"Missing {string.Join(", ", missing)}.");
        if (!DateTimeOffset.TryParseExact(values["--expires-at"], DateFormats, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var expiresAt))
            return Refuse(error, $"--expires-at '{values["--expires-at"]}' is not an ISO date such as 2027-01-31 or 2027-01-31T12:00:00Z.");

        ECDsa key;
        try
        {
            key = LicenseKeys.ParsePrivateKey(File.ReadAllText(values["--private-key"]));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            error.WriteLine($"Cannot use the private key in {values["--private-key"]}: {e.Message}");
            return Failed;
        }
        using (key)
            output.WriteLine(LicenseToken.Mint(new LicensePayload(values["--licensee"], values["--plan"], expiresAt), key));
        if (expiresAt <= DateTimeOffset.UtcNow)
            error.WriteLine($"Note: this license is already expired ({LicensePayload.FormatTime(expiresAt)}).");
        return Ok;
    }

    private static int Refuse(TextWriter error, string why)
    {
        error.WriteLine(why);
        error.WriteLine();
        error.WriteLine(Usage);
        return BadArguments;
    }
}
