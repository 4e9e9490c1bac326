namespace GitDeploy.Git.GitHttp;

/// <summary>The two services smart HTTP exposes; anything else is refused before git runs.</summary>
public enum GitService
{
    UploadPack,
    ReceivePack,
}
