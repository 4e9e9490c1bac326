namespace GitDeploy.Runtime.Router;

public enum TargetKind { App, Platform, UnknownHost }
