using System.Security.Cryptography;
using System.Text;

namespace GitDeploy.State;

/// <summary>
/// Seals secrets stored in gitdeploy.db (config values, webhook secrets, source credentials) with
/// AES-256-GCM under a key kept outside the database, so a copy of the file alone gives none away.
/// A sealed value is <c>enc:v1:</c> + base64(nonce ‖ ciphertext ‖ tag), a fresh random nonce each.
/// </summary>
public sealed class SecretBox
{
    public const string Prefix = "enc:v1:";
    public const string KeyFileName = "secret.key";
    public const string KeyVariable = "GITDEPLOY_SECRET_KEY";
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private readonly byte[] _key;

    public SecretBox(byte[] key)
    {
        if (key.Length != 32) throw new ArgumentException("a SecretBox key is 32 bytes", nameof(key));
        _key = key;
    }

    /// <summary>Where the key file of a data directory is.</summary>
    public static string KeyPath(string dataDir) => Path.Combine(dataDir, KeyFileName);

    /// <summary>
    /// The key of a data directory: <c>GITDEPLOY_SECRET_KEY</c> (base64 of 32 bytes) when set, else
    /// <c>DATA/secret.key</c>, created on the first start with mode 0600.
    /// </summary>
    public static SecretBox ForDataDir(string dataDir, string? keyFromEnvironment)
    {
        if (keyFromEnvironment is { Length: > 0 })
        {
            var wrong = $"{KeyVariable} is not the base64 of 32 bytes; make one with `openssl rand -base64 32`";
            return new SecretBox(Decode(keyFromEnvironment, wrong));
        }
        var path = KeyPath(dataDir);
        if (!File.Exists(path)) CreateKeyFile(path);
        else if ((File.GetUnixFileMode(path) & (UnixFileMode)0b000_111_111) != 0)
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var bad = $"{path} is not the base64 of 32 bytes; restore it from a backup";
        return new SecretBox(Decode(File.ReadAllText(path).Trim(), bad));
    }

    public static bool IsSealed(string? value) => value?.StartsWith(Prefix, StringComparison.Ordinal) == true;

    public string Seal(string plaintext)
    {
        var plain = Encoding.UTF8.GetBytes(plaintext);
        var sealedBytes = new byte[NonceSize + plain.Length + TagSize];
        var nonce = sealedBytes.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_key, TagSize);
        var cipher = sealedBytes.AsSpan(NonceSize, plain.Length);
        aes.Encrypt(nonce, plain, cipher, sealedBytes.AsSpan(NonceSize + plain.Length));
        return Prefix + Convert.ToBase64String(sealedBytes);
    }

    /// <summary>The plaintext of a sealed value; a value that is not sealed (not migrated yet) as it is.</summary>
    public string Open(string stored)
    {
        if (!IsSealed(stored)) return stored;
        var bytes = Convert.FromBase64String(stored[Prefix.Length..]);
        var length = bytes.Length - NonceSize - TagSize;
        var plain = new byte[length];
        using var aes = new AesGcm(_key, TagSize);
        try
        {
            var nonce = bytes.AsSpan(0, NonceSize);
            aes.Decrypt(nonce, bytes.AsSpan(NonceSize, length), bytes.AsSpan(NonceSize + length), plain);
        }
        catch (AuthenticationTagMismatchException)
        {
            throw new SecretKeyMismatchException();
        }
        return Encoding.UTF8.GetString(plain);
    }

    public string? OpenOrNull(string? stored) => stored is null ? null : Open(stored);

    public string? SealOrNull(string? plaintext) => plaintext is null ? null : Seal(plaintext);

    private static void CreateKeyFile(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var tmp = path + ".tmp";
        var options = new FileStreamOptions
        {
            Mode = FileMode.Create, Access = FileAccess.Write,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        };
        using (var f = new StreamWriter(new FileStream(tmp, options)))
            f.WriteLine(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        File.SetUnixFileMode(tmp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.Move(tmp, path);
    }

    private static byte[] Decode(string base64, string error)
    {
        try
        {
            var key = Convert.FromBase64String(base64);
            if (key.Length == 32) return key;
        }
        catch (FormatException) { }
        throw new SecretKeyException(error);
    }
}
