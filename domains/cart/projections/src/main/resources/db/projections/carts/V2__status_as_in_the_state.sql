-- The status in the words of the cart's state (OPEN, PURCHASED), as GET /api/cart/{id} shows it.
update carts set status = upper(status);
