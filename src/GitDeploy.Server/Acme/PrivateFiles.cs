namespace GitDeploy.Server.Acme;

/// <summary>Files and directories only the server may read: 0600 and 0700, written whole (temp, then rename).</summary>
internal static class PrivateFiles
{
    public const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    public const UnixFileMode DirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    public static string CreateDirectory(string path)
    {
        Directory.CreateDirectory(path, DirectoryMode);
        File.SetUnixFileMode(path, DirectoryMode);
        return path;
    }

    public static void Write(string path, string text)
    {
        var tmp = path + ".tmp";
        var options = new FileStreamOptions
        {
            Mode = System.IO.FileMode.Create, Access = FileAccess.Write, UnixCreateMode = FileMode,
        };
        using (var f = new StreamWriter(new FileStream(tmp, options))) f.Write(text);
        File.SetUnixFileMode(tmp, FileMode);
        File.Move(tmp, path, overwrite: true);
    }
}
