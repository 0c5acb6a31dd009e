-- The status in the words of the account's state (OPEN, CLOSED), as GET /api/bank-account/{id} shows it.
update accounts set status = upper(status);
