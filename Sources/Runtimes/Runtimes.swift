/// The targets a scenario runs on.
public enum RuntimesModule {}
