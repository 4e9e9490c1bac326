using System.Text.Json;

namespace GitDeploy.Tests.Webhooks;

/// <summary>
/// Deliveries in the shapes the providers document: GitHub's push and ping events
/// (docs.github.com "Webhook events and payloads"), GitLab's Push Hook and Tag Push Hook
/// (docs.gitlab.com "Webhook events"), Gitea's push event (docs.gitea.com "Webhooks").
/// </summary>
public static class Payloads
{
    public const string Zero = "0000000000000000000000000000000000000000";
    private const string When = "2026-11-26T14:15:16+08:00";

    public static string GitHubPush(
        string gitRef,
        string before,
        string after,
        bool deleted = false,
        string message = "change"
    )
    {
        var commit = new
        {
            id = after,
            tree_id = "6b7ab4a9f1c4b6a2c0a5c6a2b1d1b9f1a2b3c4d5",
            distinct = true,
            message,
            timestamp = When,
            url = $"https://github.com/octocat/web/commit/{after}",
            author = new
            {
                name = "The Octocat",
                email = "octocat@github.com",
                username = "octocat",
            },
            committer = new
            {
                name = "The Octocat",
                email = "octocat@github.com",
                username = "octocat",
            },
            added = Array.Empty<string>(),
            removed = Array.Empty<string>(),
            modified = new[] { "VERSION" },
        };
        return Json(
            new
            {
                @ref = gitRef,
                before,
                after,
                repository = GitHubRepository(),
                pusher = new { name = "octocat", email = "octocat@github.com" },
                sender = GitHubUser(),
                created = before == Zero,
                deleted,
                forced = false,
                base_ref = (string?)null,
                compare = $"https://github.com/octocat/web/compare/{before[..12]}...{after[..12]}",
                commits = deleted ? [] : new[] { commit },
                head_commit = deleted ? null : commit,
            }
        );
    }

    public static string GitHubPing(string hookUrl) =>
        Json(
            new
            {
                zen = "Keep it logically awesome.",
                hook_id = 109948940,
                hook = new
                {
                    type = "Repository",
                    id = 109948940,
                    name = "web",
                    active = true,
                    events = new[] { "push" },
                    config = new
                    {
                        content_type = "json",
                        insecure_ssl = "0",
                        url = hookUrl,
                    },
                    updated_at = When,
                    created_at = When,
                },
                repository = GitHubRepository(),
                sender = GitHubUser(),
            }
        );

    public static string GitLabPush(string gitRef, string before, string after)
    {
        var tag = gitRef.StartsWith("refs/tags/", StringComparison.Ordinal);
        var deleted = after == Zero;
        return Json(
            new
            {
                object_kind = tag ? "tag_push" : "push",
                event_name = tag ? "tag_push" : "push",
                before,
                after,
                @ref = gitRef,
                ref_protected = true,
                checkout_sha = deleted ? null : after,
                message = (string?)null,
                user_id = 4,
                user_name = "John Smith",
                user_username = "jsmith",
                user_email = "",
                user_avatar = "https://s.gravatar.com/avatar/d4c74594d841139328695756648b6bd6?s=80",
                project_id = 15,
                project = new
                {
                    id = 15,
                    name = "Web",
                    description = "",
                    web_url = "http://gitlab.example.com/mike/web",
                    avatar_url = (string?)null,
                    git_ssh_url = "git@gitlab.example.com:mike/web.git",
                    git_http_url = "http://gitlab.example.com/mike/web.git",
                    @namespace = "Mike",
                    visibility_level = 0,
                    path_with_namespace = "mike/web",
                    default_branch = "main",
                    homepage = "http://gitlab.example.com/mike/web",
                    url = "git@gitlab.example.com:mike/web.git",
                },
                commits = deleted
                    ? Array.Empty<object>()
                    :
                    [
                        new
                        {
                            id = after,
                            message = "change\n",
                            title = "change",
                            timestamp = When,
                            url = $"http://gitlab.example.com/mike/web/commit/{after}",
                            author = new { name = "John Smith", email = "jsmith@example.com" },
                            added = Array.Empty<string>(),
                            modified = new[] { "VERSION" },
                            removed = Array.Empty<string>(),
                        },
                    ],
                total_commits_count = deleted ? 0 : 1,
                push_options = new { },
                repository = new
                {
                    name = "Web",
                    url = "git@gitlab.example.com:mike/web.git",
                    description = "",
                    homepage = "http://gitlab.example.com/mike/web",
                    git_http_url = "http://gitlab.example.com/mike/web.git",
                    git_ssh_url = "git@gitlab.example.com:mike/web.git",
                    visibility_level = 0,
                },
            }
        );
    }

    public static string GiteaPush(string gitRef, string before, string after)
    {
        var user = new
        {
            id = 1,
            login = "gitea",
            full_name = "Gitea",
            email = "someone@gitea.io",
            avatar_url = "https://gitea.example.com/avatars/1",
            username = "gitea",
        };
        var commit = new
        {
            id = after,
            message = "change\n",
            url = $"https://gitea.example.com/gitea/web/commit/{after}",
            author = new
            {
                name = "Gitea",
                email = "someone@gitea.io",
                username = "gitea",
            },
            committer = new
            {
                name = "Gitea",
                email = "someone@gitea.io",
                username = "gitea",
            },
            verification = (object?)null,
            timestamp = When,
            added = Array.Empty<string>(),
            removed = Array.Empty<string>(),
            modified = new[] { "VERSION" },
        };
        return Json(
            new
            {
                @ref = gitRef,
                before,
                after,
                compare_url = $"https://gitea.example.com/gitea/web/compare/{before}...{after}",
                commits = new[] { commit },
                total_commits = 1,
                head_commit = commit,
                repository = new
                {
                    id = 140,
                    owner = user,
                    name = "web",
                    full_name = "gitea/web",
                    description = "",
                    empty = false,
                    @private = false,
                    fork = false,
                    html_url = "https://gitea.example.com/gitea/web",
                    ssh_url = "git@gitea.example.com:gitea/web.git",
                    clone_url = "https://gitea.example.com/gitea/web.git",
                    website = "",
                    stars_count = 0,
                    forks_count = 1,
                    watchers_count = 1,
                    open_issues_count = 7,
                    default_branch = "main",
                    created_at = "2017-02-26T04:29:06-05:00",
                    updated_at = "2017-03-13T13:52:11-04:00",
                },
                pusher = user,
                sender = user,
            }
        );
    }

    private static object GitHubRepository() =>
        new
        {
            id = 1296269,
            node_id = "MDEwOlJlcG9zaXRvcnkxMjk2MjY5",
            name = "web",
            full_name = "octocat/web",
            @private = false,
            owner = new
            {
                name = "octocat",
                email = "octocat@github.com",
                login = "octocat",
                id = 1,
                type = "User",
            },
            html_url = "https://github.com/octocat/web",
            clone_url = "https://github.com/octocat/web.git",
            git_url = "git://github.com/octocat/web.git",
            ssh_url = "git@github.com:octocat/web.git",
            default_branch = "main",
            master_branch = "main",
            pushed_at = 1764137716,
        };

    private static object GitHubUser() =>
        new
        {
            login = "octocat",
            id = 1,
            node_id = "MDQ6VXNlcjE=",
            type = "User",
            site_admin = false,
        };

    private static string Json(object o) => JsonSerializer.Serialize(o);
}
