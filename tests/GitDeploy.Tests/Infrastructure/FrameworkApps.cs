namespace GitDeploy.Tests.Infrastructure;

/// <summary>Fixture apps as Cloud Engine users write them: Django 3.2, a Flask app with the LeanEngine SDK's
/// endpoints.</summary>
public static class FrameworkApps
{
    /// <summary>Django 3.2 (from the wheelhouse; it runs on Python ≤ 3.11) with a minimal settings module.</summary>
    public static void Django(string dir, string? run = null)
    {
        var files = new Dictionary<string, string>
        {
            // pinned as `pip freeze` writes it (the wheelhouse's Django wheel does not declare its dependencies)
            ["requirements.txt"] = "Django==3.2.25\nasgiref==3.6.0\npytz==2022.7.1\nsqlparse==0.4.2",
            [".python-version"] = "3.11",
            ["wsgi.py"] = """
                import os
                os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mysite.settings")
                from django.core.wsgi import get_wsgi_application
                application = get_wsgi_application()
                """,
            ["manage.py"] = """
                import os, sys
                if __name__ == "__main__":
                    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mysite.settings")
                    from django.core.management import execute_from_command_line
                    execute_from_command_line(sys.argv)
                """,
            ["mysite/__init__.py"] = "",
            ["mysite/settings.py"] = """
                SECRET_KEY = "fixture-only-not-secret"
                DEBUG = False
                ALLOWED_HOSTS = ["*"]
                ROOT_URLCONF = "mysite.urls"
                INSTALLED_APPS = []
                MIDDLEWARE = []
                DATABASES = {}
                USE_TZ = True
                """,
            ["mysite/urls.py"] = """
                import os, sys, django
                from django.http import HttpResponse
                from django.urls import path

                def index(request):
                    return HttpResponse("django %s on %d.%d from %s" % (django.get_version(), sys.version_info[0],
                        sys.version_info[1], os.environ["LEANCLOUD_VERSION_TAG"]), content_type="text/plain")

                urlpatterns = [path("", index)]
                """,
        };
        if (run is not null)
            files["leanengine.yaml"] = "run: " + run;
        SampleApps.Write(dir, files);
    }

    /// <summary>
    /// A Flask app that answers like the LeanEngine SDK: <c>/__engine/1/ping</c> and, with
    /// <paramref name="functions"/>, <c>/1.1/functions/_ops/metadatas</c> for the master key only.
    /// It records the platform paths it was asked for (<c>/asked</c>).
    /// </summary>
    public static void FlaskWithSdk(string dir, bool functions, string? leanengineYaml = null)
    {
        var metadatas = functions
            ? """
                @application.route("/1.1/functions/_ops/metadatas")
                def metadatas():
                    asked("metadatas")
                    master = request.headers.get("X-LC-Key") == os.environ["LEANCLOUD_APP_MASTER_KEY"] + ",master"
                    if request.headers.get("X-LC-Id") != os.environ["LEANCLOUD_APP_ID"] or not master:
                        return jsonify(code=401, error="Unauthorized."), 401
                    return jsonify(result=["hello", "averageStars"])
                """
            : "";
        var files = new Dictionary<string, string>
        {
            ["requirements.txt"] = "flask",
            [".python-version"] = "3.10",
            ["wsgi.py"] =
                """
                    import os
                    from flask import Flask, jsonify, request
                    application = Flask(__name__)

                    def asked(what):
                        with open("asked.txt", "a") as f:
                            f.write(what + "\n")

                    @application.route("/__engine/1/ping")
                    def ping():
                        asked("ping")
                        return jsonify(runtime="cpython", version="fixture")

                    @application.route("/asked")
                    def asked_list():
                        return open("asked.txt").read() if os.path.exists("asked.txt") else ""

                    @application.route("/")
                    def index():
                        return "sdk app " + os.environ["LEANCLOUD_VERSION_TAG"]

                    """ + metadatas,
        };
        if (leanengineYaml is not null)
            files["leanengine.yaml"] = leanengineYaml;
        SampleApps.Write(dir, files);
    }

    /// <summary>A dependency-free WSGI app: <c>/files/NAME</c> serves a file of its directory, <c>/env/NAME</c> a
    /// variable, <c>/ls</c> its directory.</summary>
    public const string FilesWsgi = """
        import os
        def application(environ, start_response):
            path = environ.get("PATH_INFO", "/")
            if path.startswith("/files/"):
                name = path[len("/files/"):]
                body = open(name).read() if os.path.exists(name) else "missing " + name
            elif path.startswith("/env/"):
                body = os.environ.get(path[len("/env/"):], "<unset>")
            elif path == "/ls":
                body = " ".join(sorted(os.listdir(".")))
            else:
                body = "files app " + os.environ.get("LEANCLOUD_VERSION_TAG", "")
            start_response("200 OK", [("Content-Type", "text/plain")])
            return [body.encode()]
        """;
}
