"""Importers for sanctions lists: UN Security Council, OFAC SDN and OpenSanctions FollowTheMoney."""
