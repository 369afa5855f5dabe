-- How a sender with no Parley user (a support visitor, an agent posting through a bridge, an
-- integration) described itself: free JSON text, shown by the helpdesk dialect as a message's "user".
ALTER TABLE messages ADD COLUMN author TEXT;
