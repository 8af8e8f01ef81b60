-- CreateTable
CREATE TABLE "deleted_sessions" (
    "session_hash" TEXT NOT NULL,

    CONSTRAINT "deleted_sessions_pkey" PRIMARY KEY ("session_hash")
);
