-- CreateTable
CREATE TABLE "deleted_sessions" (
    "session_hash" TEXT NOT NULL PRIMARY KEY
);
