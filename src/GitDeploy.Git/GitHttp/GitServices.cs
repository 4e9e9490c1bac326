namespace GitDeploy.Git.GitHttp;

public static class GitServices
{
    public static bool TryParse(string? name, out GitService service)
    {
        service = default;
        switch (name)
        {
            case "git-upload-pack":
                service = GitService.UploadPack;
                return true;
            case "git-receive-pack":
                service = GitService.ReceivePack;
                return true;
            default:
                return false;
        }
    }

    public static string Name(this GitService s) => s == GitService.UploadPack ? "git-upload-pack" : "git-receive-pack";

    public static string Verb(this GitService s) => s == GitService.UploadPack ? "upload-pack" : "receive-pack";
}
