-- The portal language of each account: its emails are written in it, and sign-in brings it to a new browser.
-- An added column, so no table rebuild.
ALTER TABLE "Account" ADD COLUMN "locale" TEXT NOT NULL DEFAULT 'en';
